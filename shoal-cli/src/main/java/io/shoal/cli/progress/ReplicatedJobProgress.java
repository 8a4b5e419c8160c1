package io.shoal.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replicated jobs: {@code job progress: N out of T complete} and {@code active tasks: a out of c
 * tasks}, one row per completion slot; only tasks of the current job iteration count.
 */
final class ReplicatedJobProgress implements ProgressUpdater {
    private static final int MAX_JOB_PROGRESS = 10;

    private final ProgressSink sink;
    private final long jobIteration;
    private final int concurrent;
    private final int total;
    private final int progressDigits;
    private final int activeDigits;
    private boolean initialized;

    ReplicatedJobProgress(JsonNode service, ProgressSink sink) {
        this.sink = sink;
        JsonNode job = service.path("Spec").path("Mode").path("ReplicatedJob");
        // SwarmKit's defaults: one at a time, as many completions as concurrent tasks
        this.concurrent = (int) job.path("MaxConcurrent").asLong(1);
        this.total = (int) job.path("TotalCompletions").asLong(concurrent);
        this.jobIteration = service.path("JobStatus").path("JobIteration").path("Index").asLong(0);
        this.progressDigits = Integer.toString(total).length();
        this.activeDigits = Integer.toString(concurrent).length();
    }

    @Override
    public boolean update(JsonNode service, List<ProgressTask> tasks, Set<String> activeNodes, boolean rollback) {
        if (!initialized) {
            writeOverall(0, 0);
            if (total <= ReplicatedProgress.MAX_BARS) {
                for (int i = 1; i <= total; i++) {
                    sink.write(Progress.update(i + "/" + total, " "));
                }
            }
            initialized = true;
        }
        Map<Long, ProgressTask> bySlot = new HashMap<>();
        for (ProgressTask task : tasks) {
            if (task.jobIteration() == null || task.jobIteration() != jobIteration) {
                continue;
            }
            if (TaskStates.number(task.desiredState()) == 0 || TaskStates.number(task.state()) == 0) {
                continue;
            }
            ProgressTask existing = bySlot.get(task.slot());
            if (existing == null || TaskStates.number(existing.state()) > TaskStates.number(task.state())) {
                bySlot.put(task.slot(), task);
            }
        }
        int active = 0;
        int complete = 0;
        // docker walks slots 0..n-1; a slot without a task counts as active
        for (long slot = 0; slot < bySlot.size(); slot++) {
            ProgressTask task = bySlot.getOrDefault(slot, ProgressTask.EMPTY);
            writeTask(task, slot);
            if (TaskStates.number(task.state()) < TaskStates.COMPLETE) {
                active++;
            }
            if (task.state().equals("complete")) {
                complete++;
            }
        }
        writeOverall(active, complete);
        return complete == total;
    }

    private void writeOverall(int active, int completed) {
        sink.write(Progress.bar("job progress",
                pad(completed, progressDigits) + " out of " + total + " complete", completed, total));
        int actualDesired = Math.min(total - completed, concurrent);
        sink.write(Progress.update("active tasks",
                pad(active, activeDigits) + " out of " + pad(actualDesired, activeDigits) + " tasks"));
    }

    private void writeTask(ProgressTask task, long slot) {
        if (total > ReplicatedProgress.MAX_BARS) {
            return;
        }
        String id = (task == ProgressTask.EMPTY ? slot + 1 : task.slot() + 1) + "/" + total;
        if (!task.err().isEmpty()) {
            sink.write(Progress.update(id, TaskStates.truncError(task.err())));
            return;
        }
        sink.write(Progress.bar(id, TaskStates.padded(task.state()), TaskStates.number(task.state()), MAX_JOB_PROGRESS));
    }

    static String pad(int n, int digits) {
        String s = Integer.toString(n);
        return s.length() >= digits ? s : " ".repeat(digits - s.length()) + s;
    }
}
