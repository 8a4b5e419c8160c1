package io.shoal.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replicated services: one row per slot ({@code 1/3: running [===>]}) under
 * {@code overall progress: N out of M tasks}; converged when M tasks run. Rows are drawn only
 * for up to 20 replicas.
 */
final class ReplicatedProgress implements ProgressUpdater {
    static final int MAX_BARS = 20;
    private static final int MAX_PROGRESS = 9;

    private final ProgressSink sink;
    private final Map<Long, Integer> slotRows = new HashMap<>();
    private boolean initialized;
    private boolean done;

    ReplicatedProgress(ProgressSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean update(JsonNode service, List<ProgressTask> tasks, Set<String> activeNodes, boolean rollback) {
        JsonNode replicated = service.path("Spec").path("Mode").path("Replicated");
        if (!replicated.hasNonNull("Replicas")) {
            throw new CliException("no replica count");
        }
        long replicas = replicated.path("Replicas").asLong();
        if (!initialized) {
            ProgressUpdater.writeOverall(sink, 0, replicas, rollback);
            if (replicas <= MAX_BARS) {
                for (long i = 1; i <= replicas; i++) {
                    sink.write(Progress.update(i + "/" + replicas, " "));
                }
            }
            initialized = true;
        }
        Map<Long, ProgressTask> bySlot = tasksBySlot(tasks, activeNodes);
        if (done && bySlot.values().stream().anyMatch(t -> !t.state().equals("running"))) {
            done = false;
        }
        long running = 0;
        for (ProgressTask task : bySlot.values()) {
            int row = slotRows.computeIfAbsent(task.slot(), s -> slotRows.size() + 1);
            if (!TaskStates.terminal(task.desiredState()) && task.state().equals("running")) {
                running++;
            }
            writeTask(task, row, replicas);
        }
        if (!done) {
            ProgressUpdater.writeOverall(sink, running, replicas, rollback);
            if (running == replicas) {
                done = true;
            }
        }
        return running == replicas;
    }

    /** Per slot the task that matters: the lowest desired state, then the lowest observed state. */
    private static Map<Long, ProgressTask> tasksBySlot(List<ProgressTask> tasks, Set<String> activeNodes) {
        Map<Long, ProgressTask> bySlot = new TreeMap<>();
        for (ProgressTask task : tasks) {
            if (TaskStates.number(task.desiredState()) == 0 || TaskStates.number(task.state()) == 0) {
                continue;
            }
            ProgressTask existing = bySlot.get(task.slot());
            if (existing != null) {
                int ed = TaskStates.number(existing.desiredState());
                int td = TaskStates.number(task.desiredState());
                if (ed < td || (ed == td && TaskStates.number(existing.state()) <= TaskStates.number(task.state()))) {
                    continue;
                }
            }
            if (!task.nodeId().isEmpty() && !activeNodes.contains(task.nodeId())) {
                continue;
            }
            bySlot.put(task.slot(), task);
        }
        return bySlot;
    }

    private void writeTask(ProgressTask task, int row, long replicas) {
        if (done || replicas > MAX_BARS || row > replicas) {
            return;
        }
        String id = row + "/" + replicas;
        if (!task.err().isEmpty()) {
            sink.write(Progress.update(id, TaskStates.truncError(task.err())));
            return;
        }
        if (!TaskStates.terminal(task.desiredState()) && !TaskStates.terminal(task.state())) {
            sink.write(Progress.bar(id, TaskStates.padded(task.state()), TaskStates.number(task.state()), MAX_PROGRESS));
        }
    }
}
