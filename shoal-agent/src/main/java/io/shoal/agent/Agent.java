package io.shoal.agent;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.exec.Executor;
import io.shoal.api.Task;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.logs.TaskLogs;
import io.shoal.api.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's agent: keeps a session with the current manager's dispatcher, runs the tasks assigned to
 * this node through the executor, and reports their status back in batches (every 100 ms).
 * <p>
 * What it runs is saved under {@code stateDir}, so a restarted daemon re-adopts running containers
 * instead of starting them again. {@link #close()} leaves tasks running for that reason, and does
 * not close the executor (its owner does). A null {@code stateDir} keeps nothing on disk
 * (simulated nodes).
 */
public final class Agent implements TaskLogs, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    static final Duration FLUSH_PERIOD = Duration.ofMillis(100);

    private final Executor executor;
    private final Clock clock;
    private final java.util.concurrent.Executor work;
    private final StatusReporter reporter;
    private final Worker worker;
    private final SessionLoop session;
    /** One flush at a time, so batches reach the dispatcher in the order they were taken. */
    private final Object flushing = new Object();

    // guarded by this
    private boolean started;
    private boolean closed;
    private Clock.Cancellable flushTimer;

    public Agent(String nodeId, Supplier<Dispatcher> dispatcher, Executor executor, Clock clock, Path stateDir,
                 String advertiseAddr) {
        this(nodeId, dispatcher, executor, clock, stateDir, advertiseAddr,
                java.util.concurrent.Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("shoal-agent-" + nodeId + "-", 0).factory()),
                RandomGenerator.getDefault());
    }

    /** With the threads work runs on and the randomness of the backoff given: tests run it all inline. */
    Agent(String nodeId, Supplier<Dispatcher> dispatcher, Executor executor, Clock clock, Path stateDir,
          String advertiseAddr, java.util.concurrent.Executor work, RandomGenerator random) {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(dispatcher, "dispatcher is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.work = requireNonNull(work, "work is null");
        this.reporter = new StatusReporter(nodeId);
        this.worker = new Worker(executor, clock, work, new TaskStore(stateDir), reporter);
        this.session = new SessionLoop(nodeId, dispatcher, executor::describe, advertiseAddr, clock, work,
                new Backoff(requireNonNull(random, "random is null")), new SessionLoop.Callbacks() {
                    @Override
                    public void sessionOpened() {
                        worker.reportAll(); // the manager may have missed changes while we were away
                        flush();
                    }

                    @Override
                    public void assignments(Assignments assignments) {
                        worker.apply(assignments);
                    }
                });
    }

    /** Re-adopts saved tasks, then opens a session (and keeps one open until closed). Idempotent. */
    public void start() {
        synchronized (this) {
            if (started || closed) {
                return;
            }
            started = true;
        }
        worker.restore();
        session.start();
        scheduleFlush();
    }

    /** Ends the session and stops driving tasks; the tasks themselves keep running. Idempotent. */
    @Override
    public void close() {
        boolean wasStarted;
        synchronized (this) {
            wasStarted = started;
            if (closed) {
                return;
            }
            closed = true;
            if (flushTimer != null) {
                flushTimer.cancel();
            }
        }
        if (wasStarted) {
            flush(); // what the manager has not heard yet, while the session is still open
        }
        session.stop();
        worker.close();
    }

    @Override
    public void stream(Task task, LogOptions options, LogSink sink) throws InterruptedException {
        executor.stream(task, options, sink);
    }

    /** The tasks this agent currently knows, with their last observed status. */
    public List<Task> tasks() {
        return worker.tasks();
    }

    /**
     * Tells the managers the node's description again (a new session; tasks keep running), e.g.
     * after its certificate or trusted root changed, which its TLSInfo shows.
     */
    public void redescribe(String why) {
        session.reopen(why);
    }

    /** True while a session with a dispatcher is open. */
    public boolean connected() {
        return session.current() != null;
    }

    private void scheduleFlush() {
        synchronized (this) {
            if (closed) {
                return;
            }
            flushTimer = clock.schedule(FLUSH_PERIOD, () -> {
                if (reporter.isEmpty() || session.current() == null) {
                    scheduleFlush(); // nothing to send: stay on the timer thread
                } else {
                    work.execute(() -> {
                        flush();
                        scheduleFlush();
                    });
                }
            });
        }
    }

    private void flush() {
        SessionLoop.Current c = session.current();
        if (c == null) {
            return;
        }
        try {
            synchronized (flushing) {
                reporter.flush(c);
            }
        } catch (io.shoal.api.ShoalException.Unavailable e) {
            // slow or briefly unreachable: the reports stay queued for the next flush, and the
            // heartbeats alone decide whether the session still holds (ending it on a slow reply
            // made busy managers mark healthy nodes down and move their tasks)
            log.debug("status report not delivered, kept for the next flush: {}", e.toString());
        } catch (RuntimeException e) {
            log.debug("status report failed: {}", e.toString());
            session.broken(c.generation(), "status report failed: " + e.getMessage());
        }
    }
}
