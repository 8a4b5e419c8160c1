package io.shoal.manager.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.FailureAction;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeState;
import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.UpdateOrder;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random operations on a cluster (scaling, updates, failing tasks, nodes going down, draining, coming
 * and going), then: once everything has settled, every replicated service runs exactly its replica
 * count with one task per slot (not necessarily slots 1..N: scaling down keeps nodes balanced
 * before it keeps slot numbers low), and every global service one task per usable node. The seed is
 * printed; set -Dshoal.seed=N to replay one.
 */
class OrchestrationInvariantTest {
    private static final int RUNS = 6;
    private static final int STEPS = 60;

    @Test
    void afterConvergenceEveryServiceRunsWhatItDeclares() {
        long base = Long.getLong("shoal.seed", System.nanoTime());
        int runs = System.getProperty("shoal.seed") != null ? 1 : RUNS;
        for (int i = 0; i < runs; i++) {
            long seed = base + i;
            System.out.println("OrchestrationInvariantTest seed=" + seed);
            run(seed);
        }
    }

    private void run(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Harness h = Harness.withOrchestration();
        List<String> nodes = new ArrayList<>();
        int nodeCount = 2 + rnd.nextInt(5);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(h.addNode(NodeBuilder.node("n" + i).label("zone", rnd.nextBoolean() ? "a" : "b").build()).id());
        }
        List<String> services = new ArrayList<>();
        int nextName = 0;
        for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
            services.add(h.createService(randomService(rnd, "s" + nextName++)).id());
        }
        for (int step = 0; step < STEPS; step++) {
            int op = rnd.nextInt(12);
            String svc = services.isEmpty() ? null : services.get(rnd.nextInt(services.size()));
            String node = nodes.isEmpty() ? null : nodes.get(rnd.nextInt(nodes.size()));
            switch (op) {
                case 0 -> {
                    if (svc != null && h.service(svc).spec().mode().isReplicated()) {
                        h.scale(svc, rnd.nextInt(9));
                    }
                }
                case 1 -> {
                    if (svc != null) {
                        h.updateService(svc, b -> b.image("busybox:" + rnd.nextInt(5)));
                    }
                }
                case 2, 3 -> failSomeTask(h, rnd, false);
                case 4 -> failSomeTask(h, rnd, true);
                case 5 -> {
                    if (node != null) {
                        h.setNodeState(node, rnd.nextInt(3) == 0 ? NodeState.DOWN : NodeState.READY);
                    }
                }
                case 6 -> {
                    if (node != null) {
                        NodeAvailability[] a = NodeAvailability.values();
                        h.setAvailability(node, a[rnd.nextInt(a.length)]);
                    }
                }
                case 7 -> {
                    if (rnd.nextInt(3) == 0 && nodes.size() > 1) {
                        h.removeNode(node);
                        nodes.remove(node);
                    } else {
                        nodes.add(h.addNode(NodeBuilder.node("n" + (100 + step)).build()).id());
                    }
                }
                case 8 -> {
                    if (svc != null && rnd.nextInt(3) == 0) {
                        h.removeService(svc);
                        services.remove(svc);
                    } else {
                        services.add(h.createService(randomService(rnd, "s" + nextName++)).id());
                    }
                }
                case 9 -> h.advance(Duration.ofMillis(rnd.nextInt(3000)));
                default -> { }
            }
            // Let a random part of the cluster move: sometimes all, sometimes nothing.
            switch (rnd.nextInt(3)) {
                case 0 -> h.converge();
                case 1 -> h.settle();
                default -> {
                    h.settle();
                    h.agentStep();
                }
            }
        }
        // Heal the cluster: every node back up and active, then let all delays and monitors pass.
        for (String n : nodes) {
            h.setNodeState(n, NodeState.READY);
            h.setAvailability(n, NodeAvailability.ACTIVE);
        }
        for (int i = 0; i < 30; i++) {
            h.converge();
            h.advance(Duration.ofSeconds(10));
        }
        h.converge();
        check(h, seed, services, nodes);
    }

    private static io.shoal.api.ServiceSpec randomService(SplittableRandom rnd, String name) {
        ServiceSpecBuilder b = rnd.nextInt(4) == 0 ? ServiceSpecBuilder.global(name)
                : ServiceSpecBuilder.replicated(name, rnd.nextInt(8));
        FailureAction[] actions = FailureAction.values();
        b.restart(RestartCondition.ANY, Duration.ofMillis(rnd.nextInt(2) * 1000L))
                .update(rnd.nextInt(3), Duration.ofMillis(rnd.nextInt(2) * 500L), actions[rnd.nextInt(actions.length)],
                        Duration.ofSeconds(1 + rnd.nextInt(3)), rnd.nextInt(2) * 0.5,
                        rnd.nextBoolean() ? UpdateOrder.STOP_FIRST : UpdateOrder.START_FIRST);
        if (rnd.nextInt(3) == 0) {
            b.spreadOver("node.labels.zone");
        }
        return b.build();
    }

    private static void failSomeTask(Harness h, SplittableRandom rnd, boolean complete) {
        List<Task> running = h.allTasks().stream().filter(t -> t.state() == TaskState.RUNNING).toList();
        if (!running.isEmpty()) {
            Task t = running.get(rnd.nextInt(running.size()));
            if (complete) {
                h.complete(t.id());
            } else {
                h.fail(t.id());
            }
        }
    }

    private static void check(Harness h, long seed, List<String> services, List<String> nodes) {
        Map<String, Node> live = new HashMap<>();
        h.store.view(tx -> {
            tx.all(Table.NODES).forEach(n -> live.put(n.id(), n));
            return null;
        });
        for (String id : services) {
            Service s = h.service(id);
            // Running: reported running by a node that still exists (a removed node's tasks never report again).
            List<Task> running = h.tasks(id).stream()
                    .filter(t -> t.state() == TaskState.RUNNING && t.nodeId() != null && live.containsKey(t.nodeId()))
                    .toList();
            String why = "seed=" + seed + " service " + s.name() + h.dump(id);
            assertThat(running).as(why).allSatisfy(t -> assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING));
            if (s.spec().mode().isReplicated()) {
                long replicas = s.spec().mode().replicated().replicasOrOne();
                Map<Long, Long> perSlot = running.stream().collect(Collectors.groupingBy(Task::slot, Collectors.counting()));
                assertThat(running).as(why).hasSize((int) replicas);
                assertThat(perSlot.values()).as(why).allSatisfy(n -> assertThat(n).isEqualTo(1L));
            } else {
                Map<String, Long> perNode = running.stream()
                        .collect(Collectors.groupingBy(Task::nodeId, Collectors.counting()));
                assertThat(perNode.keySet()).as(why).containsExactlyInAnyOrderElementsOf(live.keySet());
                assertThat(perNode.values()).as(why).allSatisfy(n -> assertThat(n).isEqualTo(1L));
            }
        }
    }
}
