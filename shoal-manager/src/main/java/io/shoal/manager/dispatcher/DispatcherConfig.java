package io.shoal.manager.dispatcher;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The dispatcher's timings and batch sizes; SwarmKit's values by default. The heartbeat period
 * itself is the cluster's ({@code Spec.Dispatcher.HeartbeatPeriod}, 5 s unless changed).
 *
 * @param heartbeatJitter spread (±) added to the period handed to each node, so that heartbeats
 *     of nodes that connected together drift apart (500 ms)
 * @param heartbeatGraceMultiplier a node is DOWN after this many periods without a heartbeat (3)
 * @param leaderChangeGraceMultiplier after a leader change, nodes have this many periods to
 *     reconnect before they are DOWN (6)
 * @param statusFlushInterval task status reports are written at most this long after they arrive (100 ms)
 * @param statusFlushItems ... or at once when this many are waiting (10,000)
 * @param assignmentBatchDelay an incremental assignments message goes out this long after the
 *     first change it holds (100 ms)
 * @param assignmentBatchChanges ... or at once when it holds this many changes (100)
 * @param nodeDownOrphanAfter tasks of a node DOWN this long become ORPHANED (24 h)
 * @param callTimeout how long an agent's call waits for the dispatcher's thread (30 s)
 * @param sessionLossGrace when a node's session connection breaks without the agent closing it
 *     (its process died: the kernel resets the connection), the node is DOWN unless it opens a new
 *     session within this time (1 s). Shoal's addition to SwarmKit's heartbeat TTL, which stays the
 *     fallback for silent failures (a partition, a frozen machine). An agent that stops on purpose
 *     closes its session and keeps the full TTL, so a daemon restart does not move its tasks.
 */
public record DispatcherConfig(
        Duration heartbeatJitter,
        int heartbeatGraceMultiplier,
        int leaderChangeGraceMultiplier,
        Duration statusFlushInterval,
        int statusFlushItems,
        Duration assignmentBatchDelay,
        int assignmentBatchChanges,
        Duration nodeDownOrphanAfter,
        Duration callTimeout,
        Duration sessionLossGrace) {

    public static final Duration DEFAULT_SESSION_LOSS_GRACE = Duration.ofSeconds(1);

    public DispatcherConfig {
        requireNonNull(heartbeatJitter, "heartbeatJitter is null");
        requireNonNull(statusFlushInterval, "statusFlushInterval is null");
        requireNonNull(assignmentBatchDelay, "assignmentBatchDelay is null");
        requireNonNull(nodeDownOrphanAfter, "nodeDownOrphanAfter is null");
        requireNonNull(callTimeout, "callTimeout is null");
        requireNonNull(sessionLossGrace, "sessionLossGrace is null");
        if (sessionLossGrace.isNegative()) {
            throw new IllegalArgumentException("sessionLossGrace must not be negative");
        }
        if (heartbeatJitter.isNegative() || statusFlushInterval.isNegative() || assignmentBatchDelay.isNegative()
                || nodeDownOrphanAfter.isNegative() || !callTimeout.isPositive()) {
            throw new IllegalArgumentException("dispatcher durations must not be negative");
        }
        if (heartbeatGraceMultiplier < 1 || leaderChangeGraceMultiplier < 1 || statusFlushItems < 1
                || assignmentBatchChanges < 1) {
            throw new IllegalArgumentException("dispatcher multipliers and batch sizes must be at least 1");
        }
    }

    /** The settings without a session-loss grace of their own: the default one. */
    public DispatcherConfig(Duration heartbeatJitter, int heartbeatGraceMultiplier, int leaderChangeGraceMultiplier,
                            Duration statusFlushInterval, int statusFlushItems, Duration assignmentBatchDelay,
                            int assignmentBatchChanges, Duration nodeDownOrphanAfter, Duration callTimeout) {
        this(heartbeatJitter, heartbeatGraceMultiplier, leaderChangeGraceMultiplier, statusFlushInterval,
                statusFlushItems, assignmentBatchDelay, assignmentBatchChanges, nodeDownOrphanAfter, callTimeout,
                DEFAULT_SESSION_LOSS_GRACE);
    }

    public static DispatcherConfig defaults() {
        return new DispatcherConfig(Duration.ofMillis(500), 3, 6, Duration.ofMillis(100), 10_000,
                Duration.ofMillis(100), 100, Duration.ofHours(24), Duration.ofSeconds(30), DEFAULT_SESSION_LOSS_GRACE);
    }

    /** The same settings with another session-loss grace. */
    public DispatcherConfig withSessionLossGrace(Duration grace) {
        return new DispatcherConfig(heartbeatJitter, heartbeatGraceMultiplier, leaderChangeGraceMultiplier,
                statusFlushInterval, statusFlushItems, assignmentBatchDelay, assignmentBatchChanges,
                nodeDownOrphanAfter, callTimeout, grace);
    }

    /** The same settings with another heartbeat jitter (0 makes expiry times exact, for tests). */
    public DispatcherConfig withHeartbeatJitter(Duration jitter) {
        return new DispatcherConfig(jitter, heartbeatGraceMultiplier, leaderChangeGraceMultiplier, statusFlushInterval,
                statusFlushItems, assignmentBatchDelay, assignmentBatchChanges, nodeDownOrphanAfter, callTimeout,
                sessionLossGrace);
    }
}
