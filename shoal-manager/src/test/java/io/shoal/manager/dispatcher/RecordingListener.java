package io.shoal.manager.dispatcher;

import io.shoal.api.Task;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An agent's side of the stream that records what it was sent, and what it would now run. */
class RecordingListener implements AssignmentListener {
    private final List<Assignments> messages = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private final Map<String, Task> tasks = new HashMap<>();

    @Override
    public synchronized void onAssignments(Assignments a) {
        messages.add(a);
        if (a.complete()) {
            tasks.clear();
        }
        a.changed().forEach(t -> tasks.put(t.id(), t));
        a.removed().forEach(tasks::remove);
    }

    @Override
    public synchronized void onSessionClosed(String reason) {
        closed.add(reason);
    }

    synchronized List<Assignments> messages() {
        return List.copyOf(messages);
    }

    synchronized Assignments last() {
        return messages.getLast();
    }

    synchronized List<String> closed() {
        return List.copyOf(closed);
    }

    /** The node's view: tasks it was told to run, by ID. */
    synchronized Map<String, Task> tasks() {
        return Map.copyOf(tasks);
    }
}
