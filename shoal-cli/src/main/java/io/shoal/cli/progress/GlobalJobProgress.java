package io.shoal.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Global jobs: the nodes that got a task of the current iteration on the first poll with tasks
 * make the total; converged when each of them has completed.
 */
final class GlobalJobProgress implements ProgressUpdater {
    private static final int MAX_JOB_PROGRESS = 10;

    private final ProgressSink sink;
    private boolean initialized;
    private int total;
    private int progressDigits;
    private Set<String> taskNodes = Set.of();

    GlobalJobProgress(ProgressSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean update(JsonNode service, List<ProgressTask> tasks, Set<String> activeNodes, boolean rollback) {
        long iteration = service.path("JobStatus").path("JobIteration").path("Index").asLong(0);
        if (!initialized) {
            if (tasks.isEmpty() && !activeNodes.isEmpty()) {
                sink.write(Progress.update("job progress", "waiting for tasks"));
                return false;
            }
            Set<String> nodes = new TreeSet<>();
            for (ProgressTask task : tasks) {
                if (task.jobIteration() != null && task.jobIteration() == iteration) {
                    nodes.add(task.nodeId());
                }
            }
            taskNodes = nodes;
            total = nodes.size();
            progressDigits = Integer.toString(total).length();
            writeOverall(0);
            initialized = true;
        }
        Map<String, ProgressTask> byNode = new TreeMap<>();
        for (ProgressTask task : tasks) {
            if (task.jobIteration() == null || task.jobIteration() != iteration || !taskNodes.contains(task.nodeId())) {
                continue;
            }
            ProgressTask existing = byNode.get(task.nodeId());
            if (existing == null || TaskStates.number(existing.state()) > TaskStates.number(task.state())) {
                byNode.put(task.nodeId(), task);
            }
        }
        int complete = 0;
        for (ProgressTask task : byNode.values()) {
            writeTask(task);
            if (task.state().equals("complete")) {
                complete++;
            }
        }
        writeOverall(complete);
        return complete == total;
    }

    private void writeOverall(int complete) {
        sink.write(Progress.bar("job progress",
                ReplicatedJobProgress.pad(complete, progressDigits) + " out of " + total + " complete", complete, total));
    }

    private void writeTask(ProgressTask task) {
        if (total > ReplicatedProgress.MAX_BARS) {
            return;
        }
        if (!task.err().isEmpty()) {
            sink.write(Progress.update(task.nodeId(), TaskStates.truncError(task.err())));
            return;
        }
        sink.write(Progress.bar(task.nodeId(), TaskStates.padded(task.state()), TaskStates.number(task.state()),
                MAX_JOB_PROGRESS));
    }
}
