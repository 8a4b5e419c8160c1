package io.shoal.manager.scheduler;

import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler knows of one node: the node, the tasks holding its resources (assigned to it
 * and not yet finished), and what they add up to. Kept up to date from store events and from the
 * scheduler's own decisions; adding or removing the same task twice is harmless.
 */
final class NodeInfo {
    /** A node where a service's tasks failed this often lately sorts last for that service. */
    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    private record Entry(Task task, long nanoCpus, long memoryBytes, Map<String, Long> generic, List<HostPort> hostPorts,
                         boolean active) {}

    private final String id;
    private Node node;
    private final Map<String, Entry> tasks = new HashMap<>();
    private long reservedCpu;
    private long reservedMemory;
    private final Map<String, Long> reservedGeneric = new HashMap<>();
    private int activeTasks;
    private final Map<String, Integer> activeByService = new HashMap<>();
    private final Map<HostPort, Integer> usedHostPorts = new HashMap<>();
    private final Map<String, Deque<Instant>> failuresByService = new HashMap<>();

    NodeInfo(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** Null when the node is not (or no longer) in the store. */
    Node node() {
        return node;
    }

    void setNode(Node node) {
        this.node = node;
    }

    /** Whether a task holds resources on its node: assigned and not finished. */
    static boolean holdsResources(Task t) {
        return t.nodeId() != null && !t.state().isBefore(TaskState.ASSIGNED) && !t.state().isAfter(TaskState.RUNNING);
    }

    /** Adds or replaces a task on this node. */
    void put(Task t, List<HostPort> hostPorts) {
        remove(t.id());
        TaskSpec.Resources r = t.spec() == null || t.spec().resources() == null ? null : t.spec().resources().reservations();
        boolean active = !t.desiredState().isAfter(TaskState.RUNNING);
        Entry e = new Entry(t, r == null ? 0 : r.nanoCpusOrZero(), r == null ? 0 : r.memoryBytesOrZero(),
                r == null ? Map.of() : GenericResources.amounts(r.genericResources()), hostPorts, active);
        tasks.put(t.id(), e);
        reservedCpu += e.nanoCpus;
        reservedMemory += e.memoryBytes;
        e.generic.forEach((kind, n) -> reservedGeneric.merge(kind, n, Long::sum));
        if (active) {
            activeTasks++;
            activeByService.merge(t.serviceId(), 1, Integer::sum);
        }
        for (HostPort p : hostPorts) {
            usedHostPorts.merge(p, 1, Integer::sum);
        }
    }

    boolean remove(String taskId) {
        Entry e = tasks.remove(taskId);
        if (e == null) {
            return false;
        }
        reservedCpu -= e.nanoCpus;
        reservedMemory -= e.memoryBytes;
        e.generic.forEach((kind, n) -> reservedGeneric.computeIfPresent(kind, (k, v) -> v - n == 0 ? null : v - n));
        if (e.active) {
            activeTasks--;
            activeByService.computeIfPresent(e.task.serviceId(), (k, v) -> v == 1 ? null : v - 1);
        }
        for (HostPort p : e.hostPorts) {
            usedHostPorts.computeIfPresent(p, (k, v) -> v == 1 ? null : v - 1);
        }
        return true;
    }

    boolean contains(String taskId) {
        return tasks.containsKey(taskId);
    }

    long availableNanoCpus() {
        long total = node == null || node.description() == null || node.description().resources() == null
                ? 0 : node.description().resources().nanoCpus();
        return total - reservedCpu;
    }

    long availableMemoryBytes() {
        long total = node == null || node.description() == null || node.description().resources() == null
                ? 0 : node.description().resources().memoryBytes();
        return total - reservedMemory;
    }

    /** Units of the generic resource {@code kind} the node offers and its tasks do not hold. */
    long availableGeneric(String kind) {
        long total = node == null || node.description() == null || node.description().resources() == null
                ? 0 : GenericResources.amounts(node.description().resources().genericResources()).getOrDefault(kind, 0L);
        return total - reservedGeneric.getOrDefault(kind, 0L);
    }

    /** Tasks here meant to run (desired state up to RUNNING). */
    int activeTasks() {
        return activeTasks;
    }

    int activeTasks(String serviceId) {
        return activeByService.getOrDefault(serviceId, 0);
    }

    boolean hostPortUsed(HostPort p) {
        return usedHostPorts.containsKey(p);
    }

    void taskFailed(String serviceId, Instant at) {
        Deque<Instant> d = failuresByService.computeIfAbsent(serviceId, k -> new ArrayDeque<>());
        d.addLast(at);
        while (d.size() > MAX_FAILURES) {
            d.pollFirst();
        }
    }

    /** Failures of the service's tasks here within the last five minutes. */
    int recentFailures(String serviceId, Instant now) {
        Deque<Instant> d = failuresByService.get(serviceId);
        if (d == null) {
            return 0;
        }
        Instant since = now.minus(FAILURE_WINDOW);
        while (!d.isEmpty() && d.peekFirst().isBefore(since)) {
            d.pollFirst();
        }
        if (d.isEmpty()) {
            failuresByService.remove(serviceId);
            return 0;
        }
        return d.size();
    }

    @Override
    public String toString() {
        return "NodeInfo[" + id + ", " + tasks.size() + " tasks]";
    }
}
