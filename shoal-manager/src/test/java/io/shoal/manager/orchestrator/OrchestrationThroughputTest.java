package io.shoal.manager.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Ids;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Version;
import io.shoal.api.time.SystemClock;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.ServiceSpecBuilder;
import io.shoal.store.StoreEvent;
import io.shoal.store.Watch;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How fast the leader's loops take 100,000 tasks over 1,000 nodes from service create to ASSIGNED,
 * with the in-memory store (no Raft). Prints the figures; asserts only that everything got placed,
 * evenly, within a generous bound (CI machines are small and shared).
 */
@Tag("scale") // minutes of CPU on a small machine: run by bench/, not by every build
class OrchestrationThroughputTest {
    private static final int NODES = 1_000;
    private static final int TASKS = 100_000;

    @Test
    void steppedOnOneThread() {
        Harness h = Harness.withOrchestration();
        h.addNodes(NODES, b -> b);
        long start = System.nanoTime();
        Service s = h.createService(ServiceSpecBuilder.replicated("bench", TASKS).build());
        h.settle();
        double seconds = (System.nanoTime() - start) / 1e9;
        report("stepped on the test thread", seconds);
        checkPlaced(h.store, s.id());
    }

    @Test
    void onTheirOwnThreads() {
        try (SystemClock clock = new SystemClock()) {
            MemoryStore store = MemoryStore.local(clock);
            Harness nodes = new Harness();
            nodes.addNodes(NODES, b -> b);
            store.restore(nodes.store.snapshot());
            Orchestration o = new Orchestration(store, clock);
            o.start();
            try (Watch w = store.watch()) {
                long start = System.nanoTime();
                Service s = create(store, ServiceSpecBuilder.replicated("bench", TASKS).build());
                awaitAssigned(w, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                report("loops on their own threads", seconds);
                checkPlaced(store, s.id());
            } finally {
                o.stop();
            }
        }
    }

    /** Counts tasks reaching ASSIGNED from the store's events (cheap, unlike reading 100,000 tasks). */
    private static void awaitAssigned(Watch w, Duration timeout) {
        Set<String> assigned = new HashSet<>();
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (assigned.size() < TASKS) {
                Duration left = Duration.between(Instant.now(), deadline);
                assertThat(left.isNegative()).as("all tasks assigned in time (%d so far)", assigned.size()).isFalse();
                StoreEvent e = w.poll(left);
                if (e instanceof StoreEvent.Updated u && u.object() instanceof Task t && t.state() == TaskState.ASSIGNED) {
                    assigned.add(t.id());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Writes a service as the control API does. */
    private static Service create(MemoryStore store, ServiceSpec spec) {
        String id = Ids.newId();
        store.write(tx -> tx.create(Table.SERVICES,
                new Service(id, Version.ZERO, null, null, spec, null, null, null, null, null, new Version(1), null)));
        return store.view(tx -> tx.get(Table.SERVICES, id)).orElseThrow();
    }

    private static long assignedCount(List<Task> tasks) {
        return tasks.stream().filter(t -> t.state() == TaskState.ASSIGNED).count();
    }

    private static void report(String how, double seconds) {
        System.out.printf("throughput (%s): %,d tasks over %,d nodes, create to ASSIGNED in %.1f s = %,.0f tasks/s%n",
                how, TASKS, NODES, seconds, TASKS / seconds);
    }

    private static void checkPlaced(MemoryStore store, String serviceId) {
        List<Task> tasks = store.view(tx -> tx.tasksOfService(serviceId));
        assertThat(tasks).hasSize(TASKS);
        Map<String, Integer> perNode = new HashMap<>();
        for (Task t : tasks) {
            assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
            perNode.merge(t.nodeId(), 1, Integer::sum);
        }
        assertThat(perNode).hasSize(NODES);
        assertThat(perNode.values()).allSatisfy(n -> assertThat(n).isEqualTo(TASKS / NODES));
        assertThat(store.<List<io.shoal.api.Node>>view(tx -> tx.all(Table.NODES))).hasSize(NODES);
    }

}
