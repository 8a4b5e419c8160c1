package io.shoal.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 1,000 sessions and 100,000 tasks: every node hears of exactly its own tasks, in bounded time. */
@Tag("scale") // minutes of CPU on a small machine: run by bench/, not by every build
class DispatcherScaleTest {
    private static final Logger log = LoggerFactory.getLogger(DispatcherScaleTest.class);
    private static final int NODES = 1_000;
    private static final int TASKS_PER_NODE = 100;
    private static final int REPORTS_PER_NODE = 10;

    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final NodeDispatcher dispatcher = new NodeDispatcher(store, clock,
            DispatcherConfig.defaults().withHeartbeatJitter(Duration.ZERO));

    @AfterEach
    void stop() {
        dispatcher.stop();
    }

    @Test
    void aThousandNodesGetTheirHundredThousandTasks() {
        dispatcher.start();
        List<RecordingListener> agents = new ArrayList<>();
        List<Dispatcher.Session> sessions = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < NODES; i++) {
            RecordingListener agent = new RecordingListener();
            agents.add(agent);
            sessions.add(dispatcher.openSession("node" + i, new Node.Description("host" + i, null, null, null, null),
                    null, agent));
        }
        long t1 = System.nanoTime();

        // The scheduler's way: tasks assigned in batched transactions, interleaved across nodes.
        List<Consumer<Tx>> writes = new ArrayList<>(NODES * TASKS_PER_NODE);
        List<List<Task>> byNode = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            byNode.add(new ArrayList<>());
        }
        for (int k = 0; k < TASKS_PER_NODE; k++) {
            for (int i = 0; i < NODES; i++) {
                Task t = new Task(Ids.newId(), Version.ZERO, null, null, Map.of(),
                        new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null,
                                null, null),
                        "svc", (long) k * NODES + i + 1, "node" + i,
                        Task.TaskStatus.of(clock.instant(), TaskState.ASSIGNED, "assigned"), TaskState.RUNNING,
                        null, null, new Version(1));
                byNode.get(i).add(t);
                writes.add(tx -> tx.create(Table.TASKS, t));
            }
        }
        store.batch(writes, e -> { throw e; });
        long t2 = System.nanoTime();
        clock.advance(Duration.ofMillis(100));
        dispatcher.awaitIdle();
        clock.advance(Duration.ofMillis(100));
        dispatcher.awaitIdle();
        long t3 = System.nanoTime();

        for (int i = 0; i < NODES; i++) {
            assertThat(agents.get(i).tasks()).as("node%d", i).hasSize(TASKS_PER_NODE)
                    .containsOnlyKeys(byNode.get(i).stream().map(Task::id).toList());
        }

        // every node reports some of its tasks running (writing all 100,000 would time the store, not
        // the dispatcher); heartbeats keep every node alive meanwhile
        for (int i = 0; i < NODES; i++) {
            List<TaskStatusUpdate> reports = byNode.get(i).subList(0, REPORTS_PER_NODE).stream()
                    .map(t -> new TaskStatusUpdate(t.id(), Task.TaskStatus.of(clock.instant(), TaskState.RUNNING, "started")))
                    .toList();
            dispatcher.updateTaskStatus("node" + i, sessions.get(i).sessionId(), reports);
            dispatcher.heartbeat("node" + i, sessions.get(i).sessionId());
        }
        clock.advance(Duration.ofMillis(100));
        dispatcher.awaitIdle();
        long t4 = System.nanoTime();

        List<Task> all = store.view(tx -> tx.all(Table.TASKS));
        assertThat(all).hasSize(NODES * TASKS_PER_NODE);
        assertThat(all.stream().filter(t -> t.state() == TaskState.RUNNING)).hasSize(NODES * REPORTS_PER_NODE);
        // status changes are not news to the nodes: nobody got another message
        assertThat(agents).allSatisfy(a -> assertThat(a.messages().size()).isLessThanOrEqualTo(3));
        log.info("sessions {} ms, store writes {} ms, assignments {} ms, status reports {} ms",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
        // generous bounds: they catch quadratic behaviour, not a slow machine
        assertThat(Duration.ofNanos(t3 - t2)).isLessThan(Duration.ofSeconds(60));
    }
}
