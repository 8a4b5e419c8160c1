package io.shoal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shoal.api.NodeState;
import io.shoal.api.time.SystemClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeats over the cluster port on the wall clock with a 300 ms period: a connected worker
 * stays READY, and one that stops (cleanly or by losing its connection) is DOWN after the
 * 3-period TTL.
 */
class HeartbeatIT {
    private static final Duration PERIOD = Duration.ofMillis(300);
    private final SystemClock clock = new SystemClock();
    private final TestManager m = TestManager.withDispatcher(clock, TestManager.spec(PERIOD, Duration.ofHours(1)));

    @TempDir
    Path dir;

    private WorkerNode worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        m.close();
        clock.close();
    }

    private NodeState state() {
        return m.node(worker.nodeId()).status().state();
    }

    @Test
    void heartbeatsKeepTheWorkerReadyAndAStoppedWorkerGoesDown() {
        worker = new WorkerNode("worker-1", m.workerToken(), List.of(m.addr()), dir, clock);
        await().atMost(Duration.ofSeconds(30)).until(() -> state() == NodeState.READY);

        // Ten periods: without heartbeats the node would be down after three.
        await().during(PERIOD.multipliedBy(10)).atMost(PERIOD.multipliedBy(15))
                .until(() -> state() == NodeState.READY && worker.agent.connected());

        long stoppedAt = System.nanoTime();
        worker.agent.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> state() == NodeState.DOWN);
        // Not before the TTL: the dispatcher kept the deadline of the closed session.
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(PERIOD.multipliedBy(2));
        assertThat(m.node(worker.nodeId()).status().message()).isEqualTo("heartbeat failure");
    }

    @Test
    void aWorkerThatLosesItsConnectionGoesDownAndComesBackWhenItReconnects() {
        worker = new WorkerNode("worker-1", m.workerToken(), List.of(m.addr()), dir, clock);
        await().atMost(Duration.ofSeconds(30)).until(() -> state() == NodeState.READY);

        // The manager stops serving this node's connections: the session streams break.
        m.leading.set(false);
        m.server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> state() == NodeState.DOWN);
        assertThat(worker.agent.connected()).isFalse();

        // Back, on a new port: the node hears of it through its manager list.
        m.leading.set(true);
        m.server.start();
        worker.connection.updateManagers(List.of(m.addr()));
        await().atMost(Duration.ofSeconds(30)).until(() -> state() == NodeState.READY && worker.agent.connected());
    }
}
