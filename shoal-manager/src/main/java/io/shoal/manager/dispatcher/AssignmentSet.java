package io.shoal.manager.dispatcher;

import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.Assignments;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node has been told to run, and the changes not yet sent to it. Only tasks at ASSIGNED
 * or later count. A change of status alone (which the node itself reported) is not news to the
 * node and is not sent; anything else the manager changed (desired state, spec) is.
 */
final class AssignmentSet {
    private final long fromIndex;
    private final Map<String, Task> known = new HashMap<>();
    private final Map<String, Task> changed = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private int modifications;

    /** The set as of store index {@code fromIndex}, holding the node's tasks then. */
    AssignmentSet(long fromIndex, Collection<Task> tasksOnNode) {
        this.fromIndex = fromIndex;
        for (Task t : tasksOnNode) {
            if (isAssigned(t)) {
                known.put(t.id(), t);
            }
        }
    }

    /** Store commits up to this index are already reflected. */
    long fromIndex() {
        return fromIndex;
    }

    /** The first message of a session: everything assigned. */
    Assignments complete() {
        return new Assignments(true, new ArrayList<>(known.values()), List.of());
    }

    /** Records a created or updated task on this node; true if the node must hear of it. */
    boolean addOrUpdate(Task t) {
        if (!isAssigned(t)) {
            return false;
        }
        Task old = known.put(t.id(), t);
        // ASSIGNED is set by the scheduler, so a task still there is always worth (re)sending.
        if (old != null && t.state().isAfter(TaskState.ASSIGNED) && stable(old).equals(stable(t))) {
            return false;
        }
        removed.remove(t.id());
        changed.put(t.id(), t);
        modifications++;
        return true;
    }

    /** Records that a task left this node (deleted); true if the node knew it. */
    boolean remove(String taskId) {
        if (known.remove(taskId) == null) {
            return false;
        }
        changed.remove(taskId);
        removed.add(taskId);
        modifications++;
        return true;
    }

    /** Changes recorded since the last {@link #drain()}, counting repeats. */
    int modifications() {
        return modifications;
    }

    boolean hasChanges() {
        return !changed.isEmpty() || !removed.isEmpty();
    }

    /** The pending changes as an incremental message; the set is then clean. */
    Assignments drain() {
        Assignments a = new Assignments(false, new ArrayList<>(changed.values()), new ArrayList<>(removed));
        changed.clear();
        removed.clear();
        modifications = 0;
        return a;
    }

    int size() {
        return known.size();
    }

    private static boolean isAssigned(Task t) {
        return t.status() != null && t.state() != null && !t.state().isBefore(TaskState.ASSIGNED);
    }

    /** The task without what changes on every write or every report: version, times, status. */
    private static Task stable(Task t) {
        return t.withMeta(Version.ZERO, null, null).withStatus(null);
    }
}
