package io.shoal.agent;

import io.shoal.api.Task;
import io.shoal.api.dispatch.TaskStatusUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task status changes waiting to be sent to the dispatcher. Every state a task passes through is
 * kept, in order, so the manager sees the whole sequence; a flush sends them in one batch. When the
 * call fails they go back to the front of the queue, before anything newer.
 */
final class StatusReporter {
    /** Bounds what one call carries, like the dispatcher's own batches. */
    static final int MAX_BATCH = 10_000;

    private final String nodeId;
    private final Map<String, List<Task.TaskStatus>> pending = new LinkedHashMap<>();

    StatusReporter(String nodeId) {
        this.nodeId = nodeId;
    }

    synchronized void report(String taskId, Task.TaskStatus status) {
        List<Task.TaskStatus> list = pending.computeIfAbsent(taskId, k -> new ArrayList<>());
        if (!list.isEmpty() && list.getLast().state() == status.state()) {
            list.set(list.size() - 1, status); // same state again (re-report): keep the newest only
        } else {
            list.add(status);
        }
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
        List<TaskStatusUpdate> batch = new ArrayList<>();
        var it = pending.entrySet().iterator();
        while (it.hasNext() && batch.size() < MAX_BATCH) {
            var e = it.next();
            for (Task.TaskStatus s : e.getValue()) {
                batch.add(new TaskStatusUpdate(e.getKey(), s));
            }
            it.remove();
        }
        return batch;
    }

    private synchronized void putBack(List<TaskStatusUpdate> batch) {
        Map<String, List<Task.TaskStatus>> merged = new LinkedHashMap<>();
        for (TaskStatusUpdate u : batch) {
            merged.computeIfAbsent(u.taskId(), k -> new ArrayList<>()).add(u.status());
        }
        pending.forEach((id, newer) -> merged.computeIfAbsent(id, k -> new ArrayList<>()).addAll(newer));
        pending.clear();
        pending.putAll(merged);
    }
}

