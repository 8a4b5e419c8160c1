package io.shoal.manager.scheduler;

import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Places one group of equal tasks (same service, same spec version) on nodes: every node is run
 * through the filter pipeline once, then the tasks are spread.
 * <ul>
 * <li>Placement preferences ({@code spread=node.labels.x}) make a tree, one level per preference,
 * one branch per label value; at each level the tasks are divided so that the service's task counts
 * of the branches even out; a branch that fills up gets no more.</li>
 * <li>Within a leaf, each task goes to the best node: fewest tasks of this service, then fewest tasks
 * in all (a node where this service failed 5 times in 5 minutes comes last). The node is tested again
 * after each placement, since resources, ports and per-node limits are used up as tasks land.</li>
 * </ul>
 * Placements are recorded in the {@link NodeInfo}s at once, so later groups of the same pass see them.
 */
final class TaskGroupPlacer {
    static final String ASSIGNED_MESSAGE = "scheduler assigned task to node";

    private final Pipeline pipeline;

    TaskGroupPlacer(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** What became of a group: tasks with their node and ASSIGNED status, and those that fit nowhere. */
    record Result(List<Task> assigned, List<Task> unplaced, String explanation) {}

    /** A level of the preference tree: its branches by label value, or (a leaf) the nodes that fit. */
    private static final class Branch {
        final TreeMap<String, Branch> next = new TreeMap<>();
        final List<NodeInfo> fitting = new ArrayList<>();
        int tasks;
    }

    Result place(SchedulingRequest request, List<Task> tasks, List<NodeInfo> nodes, Instant now) {
        Pipeline.Evaluation eval = pipeline.evaluate(request);
        Branch root = new Branch();
        for (NodeInfo n : nodes) {
            if (n.node() == null) {
                continue;
            }
            Branch b = root;
            b.tasks += n.activeTasks(request.serviceId());
            for (TaskSpec.PlacementPreference pref : request.preferences()) {
                if (pref.spread() == null) {
                    continue;
                }
                b = b.next.computeIfAbsent(labelValue(n.node(), pref.spread().spreadDescriptor()), k -> new Branch());
                b.tasks += n.activeTasks(request.serviceId());
            }
            if (eval.test(n)) {
                b.fitting.add(n);
            }
        }
        Deque<Task> queue = new ArrayDeque<>(tasks);
        List<Task> assigned = new ArrayList<>(tasks.size());
        Placement p = new Placement(request, eval, queue, assigned, now);
        p.onSubtree(root, tasks.size());
        return new Result(assigned, List.copyOf(queue), eval.explain());
    }

    /** The value a spread descriptor picks for a node; a missing label is "". */
    static String labelValue(Node node, String descriptor) {
        if (descriptor == null) {
            return "";
        }
        String lower = descriptor.toLowerCase(Locale.ROOT);
        Map<String, String> labels = null;
        String key = null;
        if (lower.startsWith(Constraint.NODE_LABEL_PREFIX) && descriptor.length() > Constraint.NODE_LABEL_PREFIX.length()) {
            labels = node.spec() == null ? null : node.spec().labels();
            key = descriptor.substring(Constraint.NODE_LABEL_PREFIX.length());
        } else if (lower.startsWith(Constraint.ENGINE_LABEL_PREFIX)
                && descriptor.length() > Constraint.ENGINE_LABEL_PREFIX.length()) {
            var d = node.description();
            labels = d == null || d.engine() == null ? null : d.engine().labels();
            key = descriptor.substring(Constraint.ENGINE_LABEL_PREFIX.length());
        }
        String v = labels == null ? null : labels.get(key);
        return v == null ? "" : v;
    }

    private static final class Placement {
        final SchedulingRequest request;
        final Pipeline.Evaluation eval;
        final Deque<Task> queue;
        final List<Task> assigned;
        final Instant now;
        final Comparator<NodeInfo> better;
        /** Nodes that no longer fit after taking tasks of this group. */
        final Set<NodeInfo> full = new HashSet<>();

        Placement(SchedulingRequest request, Pipeline.Evaluation eval, Deque<Task> queue, List<Task> assigned,
                Instant now) {
            this.request = request;
            this.eval = eval;
            this.queue = queue;
            this.assigned = assigned;
            this.now = now;
            String svc = request.serviceId();
            this.better = (a, b) -> {
                int fa = a.recentFailures(svc, now);
                int fb = b.recentFailures(svc, now);
                if ((fa >= NodeInfo.MAX_FAILURES || fb >= NodeInfo.MAX_FAILURES) && fa != fb) {
                    return Integer.compare(fa, fb);
                }
                int c = Integer.compare(a.activeTasks(svc), b.activeTasks(svc));
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(a.activeTasks(), b.activeTasks());
                return c != 0 ? c : a.id().compareTo(b.id());
            };
        }

        /** Places up to {@code n} tasks in the subtree; returns how many it placed. */
        int onSubtree(Branch b, int n) {
            if (b.next.isEmpty()) {
                return onNodes(b.fitting, n);
            }
            List<Branch> branches = new ArrayList<>(b.next.values());
            Set<Branch> noRoom = new HashSet<>();
            int placed = 0;
            while (placed < n && noRoom.size() < branches.size()) {
                int usable = branches.size() - noRoom.size();
                int usableTasks = 0;
                for (Branch br : branches) {
                    if (!noRoom.contains(br)) {
                        usableTasks += br.tasks;
                    }
                }
                int total = usableTasks + (n - placed);
                int desired = total / usable;
                int remainder = total % usable;
                boolean progress = false;
                for (Branch br : branches) {
                    if (placed >= n) {
                        break;
                    }
                    if (noRoom.contains(br)) {
                        continue;
                    }
                    if (br.tasks < desired || (br.tasks == desired && remainder > 0)) {
                        int want = desired - br.tasks + (remainder > 0 ? 1 : 0);
                        want = Math.min(want, n - placed);
                        int got = onSubtree(br, want);
                        br.tasks += got;
                        placed += got;
                        progress |= got > 0;
                        if (got < want) {
                            noRoom.add(br);
                            progress = true;
                        } else if (remainder > 0) {
                            remainder--;
                        }
                    }
                }
                if (!progress) {
                    break;
                }
            }
            return placed;
        }

        /** Fills the least loaded node first, testing it again after each task it takes. */
        int onNodes(List<NodeInfo> fitting, int n) {
            PriorityQueue<NodeInfo> heap = new PriorityQueue<>(Math.max(1, fitting.size()), better);
            for (NodeInfo node : fitting) {
                if (!full.contains(node)) {
                    heap.add(node);
                }
            }
            int placed = 0;
            while (placed < n && !queue.isEmpty() && !heap.isEmpty()) {
                NodeInfo node = heap.poll();
                Task t = queue.pollFirst();
                Task updated = t.withNodeId(node.id())
                        .withStatus(Task.TaskStatus.of(now, TaskState.ASSIGNED, ASSIGNED_MESSAGE));
                node.put(updated, request.hostPorts());
                assigned.add(updated);
                placed++;
                if (eval.test(node)) {
                    heap.add(node);
                } else {
                    full.add(node);
                }
            }
            return placed;
        }
    }
}
