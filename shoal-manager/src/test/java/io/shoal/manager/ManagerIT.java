package io.shoal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.api.time.SystemClock;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole manager in one process on the wall clock: a service created through the control API
 * is orchestrated, scheduled and dispatched to agents, whose reports come back into the store.
 */
class ManagerIT {
    private final SystemClock clock = new SystemClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final Manager manager = new Manager(store, clock, ManagerConfig.defaults());

    @AfterEach
    void stop() {
        manager.stop();
        clock.close();
    }

    /** An agent that runs whatever it is told at once, and stops what it is told to stop. */
    private final class InstantAgent implements AssignmentListener {
        final String nodeId;
        final Map<String, Task> tasks = new ConcurrentHashMap<>();
        volatile String sessionId;

        InstantAgent(String nodeId) {
            this.nodeId = nodeId;
        }

        void connect() {
            Node.Description d = new Node.Description(nodeId, new Node.Platform("x86_64", "linux"),
                    new Node.Resources(4_000_000_000L, 8L << 30), null, null);
            Dispatcher.Session s = manager.dispatcher().openSession(nodeId, d, "127.0.0.1", this);
            sessionId = s.sessionId();
        }

        @Override
        public void onAssignments(Assignments a) {
            if (a.complete()) {
                tasks.clear();
            }
            a.removed().forEach(tasks::remove);
            List<TaskStatusUpdate> reports = new ArrayList<>();
            for (Task t : a.changed()) {
                tasks.put(t.id(), t);
                if (t.desiredState().isAfter(TaskState.RUNNING) && !t.state().isTerminal()) {
                    reports.add(new TaskStatusUpdate(t.id(), Task.TaskStatus.of(clock.instant(), TaskState.SHUTDOWN, "shutdown")));
                } else if (t.desiredState() == TaskState.RUNNING && t.state().isBefore(TaskState.RUNNING)) {
                    reports.add(new TaskStatusUpdate(t.id(), Task.TaskStatus.of(clock.instant(), TaskState.RUNNING, "started")));
                }
            }
            if (!reports.isEmpty() && sessionId != null) {
                manager.dispatcher().updateTaskStatus(nodeId, sessionId, reports);
            }
        }

        @Override
        public void onSessionClosed(String reason) {
            sessionId = null;
        }
    }

    private List<Task> tasksOf(String serviceId) {
        return store.view(tx -> tx.tasksOfService(serviceId));
    }

    @Test
    void aServiceRunsOnTheAgentsAndScalesDown() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(InitRequest.defaults(), "node1",
                new Node.Description("node1", null, null, null, null), "127.0.0.1", clock);
        store.write(tx -> {
            tx.create(Table.CLUSTERS, b.cluster());
            tx.create(Table.NODES, b.node());
        });
        manager.start();
        InstantAgent a1 = new InstantAgent("node1");
        InstantAgent a2 = new InstantAgent("node2");
        a1.connect();
        a2.connect();

        Service web = manager.services().create(new ServiceSpec("web", null,
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                ServiceSpec.Mode.ofReplicated(4), null, null, null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tasksOf(web.id()))
                .filteredOn(t -> t.state() == TaskState.RUNNING).hasSize(4));
        assertThat(a1.tasks.size() + a2.tasks.size()).isEqualTo(4);
        assertThat(a1.tasks).isNotEmpty();
        assertThat(a2.tasks).isNotEmpty();

        Service current = store.view(tx -> tx.get(Table.SERVICES, web.id())).orElseThrow();
        manager.services().update("web", current.version().index(), current.spec().withMode(ServiceSpec.Mode.ofReplicated(1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tasksOf(web.id()))
                .filteredOn(t -> t.state() == TaskState.RUNNING).hasSize(1));
    }
}
