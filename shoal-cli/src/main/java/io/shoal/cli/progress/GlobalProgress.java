package io.shoal.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Global services: one row per node (short node ID), converged when every node with a task runs
 * it; before any task exists, {@code waiting for new tasks}.
 */
final class GlobalProgress implements ProgressUpdater {
    private static final int MAX_PROGRESS = 9;

    private final ProgressSink sink;
    private boolean initialized;
    private boolean done;

    GlobalProgress(ProgressSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean update(JsonNode service, List<ProgressTask> tasks, Set<String> activeNodes, boolean rollback) {
        Map<String, ProgressTask> byNode = tasksByNode(tasks);
        int nodeCount = byNode.size();
        if (!initialized) {
            if (nodeCount == 0) {
                sink.write(Progress.update("overall progress", "waiting for new tasks"));
                return false;
            }
            ProgressUpdater.writeOverall(sink, 0, nodeCount, rollback);
            initialized = true;
        }
        if (done && byNode.values().stream().anyMatch(t -> !t.state().equals("running"))) {
            done = false;
        }
        int running = 0;
        for (ProgressTask task : byNode.values()) {
            if (activeNodes.contains(task.nodeId())) {
                if (!TaskStates.terminal(task.desiredState()) && task.state().equals("running")) {
                    running++;
                }
                writeTask(task, nodeCount);
            }
        }
        if (!done) {
            ProgressUpdater.writeOverall(sink, running, nodeCount, rollback);
            if (running == nodeCount) {
                done = true;
            }
        }
        return running == nodeCount;
    }

    private static Map<String, ProgressTask> tasksByNode(List<ProgressTask> tasks) {
        Map<String, ProgressTask> byNode = new TreeMap<>();
        for (ProgressTask task : tasks) {
            if (TaskStates.number(task.desiredState()) == 0 || TaskStates.number(task.state()) == 0) {
                continue;
            }
            ProgressTask existing = byNode.get(task.nodeId());
            if (existing != null) {
                int ed = TaskStates.number(existing.desiredState());
                int td = TaskStates.number(task.desiredState());
                if (ed < td || (ed == td && TaskStates.number(existing.state()) <= TaskStates.number(task.state()))) {
                    continue;
                }
            }
            byNode.put(task.nodeId(), task);
        }
        return byNode;
    }

    private void writeTask(ProgressTask task, int nodeCount) {
        if (done || nodeCount > ReplicatedProgress.MAX_BARS) {
            return;
        }
        String id = shortId(task.nodeId());
        if (!task.err().isEmpty()) {
            sink.write(Progress.update(id, TaskStates.truncError(task.err())));
            return;
        }
        if (!TaskStates.terminal(task.desiredState()) && !TaskStates.terminal(task.state())) {
            sink.write(Progress.bar(id, TaskStates.padded(task.state()), TaskStates.number(task.state()), MAX_PROGRESS));
        }
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
