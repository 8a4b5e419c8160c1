package io.shoal.api.dispatch;

import io.shoal.api.Task;
import java.util.List;

/**
 * What a node should run. The first message of a session is {@code complete}: exactly the tasks
 * assigned to the node (state ASSIGNED or later, not yet removed from the store). Later messages are
 * incremental: tasks added or changed (desired state moves) and IDs of tasks no longer assigned.
 */
public record Assignments(boolean complete, List<Task> changed, List<String> removed) {
    public Assignments {
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }
}
