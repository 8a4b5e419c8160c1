package io.shoal.agent;

import io.shoal.api.Task;
import io.shoal.api.dispatch.TaskStatusUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task status changes waiting to be sent to the dispatcher: the newest status of each task (as
 * SwarmKit's agent keeps them). A task passes through several states between two flushes (accepted,
 * preparing, ready, starting, running); the manager stores only the newest, so only that is sent. A
 * report of an earlier state than the one waiting is stale and dropped. A flush sends them in one
 * batch; when the call fails they stay queued, and a newer report of a task still replaces them.
 */
final class StatusReporter {
    /** Bounds what one call carries, like the dispatcher's own batches. */
    static final int MAX_BATCH = 10_000;

    private final String nodeId;
    private final Map<String, Task.TaskStatus> pending = new LinkedHashMap<>();

    StatusReporter(String nodeId) {
        this.nodeId = nodeId;
    }

    synchronized void report(String taskId, Task.TaskStatus status) {
        Task.TaskStatus waiting = pending.get(taskId);
        if (waiting != null && waiting.state().isAfter(status.state())) {
            return; // older than what waits: the manager would ignore it too
        }
        pending.put(taskId, status);
    }

    synchronized void forget(String taskId) {
        pending.remove(taskId);
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Sends what is pending over the session; returns false (and keeps it all) if the call failed. */
    boolean flush(SessionLoop.Current session) {
        List<TaskStatusUpdate> batch = take();
        if (batch.isEmpty()) {
            return true;
        }
        try {
            session.dispatcher().updateTaskStatus(nodeId, session.sessionId(), batch);
            return true;
        } catch (RuntimeException e) {
            putBack(batch);
            throw e;
        }
    }

    private synchronized List<TaskStatusUpdate> take() {
        List<TaskStatusUpdate> batch = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
        var it = pending.entrySet().iterator();
        while (it.hasNext() && batch.size() < MAX_BATCH) {
            var e = it.next();
            batch.add(new TaskStatusUpdate(e.getKey(), e.getValue()));
            it.remove();
        }
        return batch;
    }

    /** A failed call's reports go back, unless the task reported a newer state meanwhile. */
    private synchronized void putBack(List<TaskStatusUpdate> batch) {
        Map<String, Task.TaskStatus> merged = new LinkedHashMap<>();
        for (TaskStatusUpdate u : batch) {
            merged.put(u.taskId(), u.status());
        }
        pending.forEach((id, newer) -> {
            Task.TaskStatus older = merged.get(id);
            if (older == null || !older.state().isAfter(newer.state())) {
                merged.put(id, newer);
            }
        });
        pending.clear();
        pending.putAll(merged);
    }
}
