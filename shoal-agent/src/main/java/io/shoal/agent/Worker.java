package io.shoal.agent;

import io.shoal.agent.exec.Executor;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of this node: one {@link TaskManager} each, created, updated and unassigned as the
 * dispatcher's assignments say, and restored from the state directory when the daemon restarts.
 */
final class Worker implements TaskManager.Events {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Executor executor;
    private final Clock clock;
    private final java.util.concurrent.Executor work;
    private final TaskStore store;
    private final StatusReporter reporter;

    // guarded by this
    private final Map<String, TaskManager> managers = new HashMap<>();
    private boolean closed;

    Worker(Executor executor, Clock clock, java.util.concurrent.Executor work, TaskStore store, StatusReporter reporter) {
        this.executor = executor;
        this.clock = clock;
        this.work = work;
        this.store = store;
        this.reporter = reporter;
    }

    /** Picks up the tasks a previous run left, so their containers are re-adopted, not restarted. */
    void restore() {
        List<Task> saved = store.loadAll();
        List<TaskManager> started = new ArrayList<>();
        synchronized (this) {
            for (Task t : saved) {
                if (!managers.containsKey(t.id())) {
                    TaskManager m = newManager(t);
                    managers.put(t.id(), m);
                    started.add(m);
                }
            }
        }
        if (!saved.isEmpty()) {
            log.info("restored {} task(s) from the state directory", saved.size());
        }
        started.forEach(TaskManager::start);
    }

    /**
     * A complete assignment is the whole truth: tasks it does not name are unassigned. An incremental
     * one adds or changes the tasks it carries and unassigns the removed IDs.
     */
    void apply(Assignments a) {
        List<TaskManager> toStart = new ArrayList<>();
        List<Runnable> toApply = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Set<String> named = new HashSet<>();
            for (Task t : a.changed()) {
                named.add(t.id());
                TaskManager m = managers.get(t.id());
                if (m == null) {
                    m = newManager(initialStatus(t));
                    managers.put(t.id(), m);
                    toStart.add(m);
                } else {
                    TaskManager existing = m;
                    toApply.add(() -> existing.update(t));
                }
            }
            if (a.complete()) {
                managers.forEach((id, m) -> {
                    if (!named.contains(id)) {
                        toApply.add(m::unassign);
                    }
                });
            }
            for (String id : a.removed()) {
                TaskManager m = managers.get(id);
                if (m != null) {
                    toApply.add(m::unassign);
                }
            }
        }
        toApply.forEach(Runnable::run);
        toStart.forEach(TaskManager::start);
    }

    /** Queues the current status of every task, for a new session. */
    void reportAll() {
        for (Task t : tasks()) {
            reporter.report(t.id(), t.status());
        }
    }

    List<Task> tasks() {
        List<TaskManager> ms;
        synchronized (this) {
            ms = new ArrayList<>(managers.values());
        }
        List<Task> out = new ArrayList<>(ms.size());
        ms.forEach(m -> out.add(m.task()));
        return out;
    }

    void close() {
        List<TaskManager> ms;
        synchronized (this) {
            closed = true;
            ms = new ArrayList<>(managers.values());
        }
        ms.forEach(TaskManager::close);
    }

    @Override
    public void statusChanged(Task task) {
        reporter.report(task.id(), task.status());
    }

    @Override
    public void removed(String taskId, TaskManager manager) {
        synchronized (this) {
            managers.remove(taskId, manager);
        }
        reporter.forget(taskId);
    }

    private TaskManager newManager(Task t) {
        return new TaskManager(t, executor, clock, work, store, this);
    }

    private Task initialStatus(Task t) {
        if (t.status() != null && t.status().state() != null) {
            return t;
        }
        return t.withStatus(Task.TaskStatus.of(clock.instant(), TaskState.ASSIGNED, "assigned"));
    }
}
