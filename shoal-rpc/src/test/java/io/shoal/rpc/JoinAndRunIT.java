package io.shoal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.time.SystemClock;
import io.shoal.store.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers join a one-manager swarm over the cluster port and run a service: the whole path
 * from the control API through orchestrator, scheduler and dispatcher, over gRPC with mutual
 * TLS, into real agents (sim executor) and back as task states in the store.
 */
class JoinAndRunIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final SystemClock clock = new SystemClock();
    private final TestManager m = TestManager.withManager(clock,
            TestManager.spec(Duration.ofSeconds(1), Duration.ofHours(1)));

    @TempDir
    Path dir;

    private WorkerNode w1;
    private WorkerNode w2;

    @AfterEach
    void stop() {
        if (w1 != null) {
            w1.close();
        }
        if (w2 != null) {
            w2.close();
        }
        m.close();
        clock.close();
    }

    private List<Task> running(String serviceId) {
        return m.store.<List<Task>>view(tx -> tx.tasksOfService(serviceId)).stream()
                .filter(t -> t.state() == TaskState.RUNNING).toList();
    }

    @Test
    void joinedWorkersRunAServiceThroughTheRealStream() {
        w1 = new WorkerNode("worker-1", m.workerToken(), List.of(m.addr()), dir.resolve("w1"), clock);
        w2 = new WorkerNode("worker-2", m.workerToken(), List.of(m.addr()), dir.resolve("w2"), clock);
        await().atMost(WAIT).until(() -> m.node(w1.nodeId()).status().state() == NodeState.READY
                && m.node(w2.nodeId()).status().state() == NodeState.READY);
        assertThat(m.node(w1.nodeId()).description().hostname()).isEqualTo("worker-1");

        Service web = m.manager.services().create(new ServiceSpec("web", null,
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                ServiceSpec.Mode.ofReplicated(4), null, null, null));

        await().atMost(WAIT).untilAsserted(() -> assertThat(running(web.id())).hasSize(4));
        List<Task> tasks = running(web.id());
        assertThat(tasks).extracting(Task::nodeId).containsOnly(w1.nodeId(), w2.nodeId());
        assertThat(tasks).extracting(Task::nodeId).contains(w1.nodeId(), w2.nodeId()); // spread over both
        assertThat(w1.agent.tasks().size() + w2.agent.tasks().size()).isGreaterThanOrEqualTo(4);

        Service current = m.store.view(tx -> tx.get(Table.SERVICES, web.id())).orElseThrow();
        m.manager.services().update("web", current.version().index(), current.spec().withMode(ServiceSpec.Mode.ofReplicated(1)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(running(web.id())).hasSize(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                m.store.<List<Task>>view(tx -> tx.tasksOfService(web.id())).stream()
                        .filter(t -> t.desiredState().isAfter(TaskState.RUNNING))
                        .allMatch(t -> t.state().isTerminal())).isTrue());
    }
}
