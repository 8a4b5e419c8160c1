package io.shoal.agent;

import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dispatcher in the test: records sessions, heartbeats and status reports, sends a complete
 * assignment of {@link #assigned} when a session opens (as the real one does), and can go down.
 */
final class FakeDispatcher implements Dispatcher {
    static final long PERIOD = 5_000_000_000L;

    record Opened(String sessionId, String nodeId, Node.Description description, String addr) {}

    record Report(String sessionId, TaskStatusUpdate update) {}

    final List<Opened> sessions = new ArrayList<>();
    final List<Report> reports = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    final Map<String, Task> assigned = new LinkedHashMap<>();
    int heartbeats;
    int statusCalls;
    boolean down;
    /** Status calls that time out (the manager is slow) before the next one goes through. */
    int slowStatusCalls;
    private AssignmentListener listener;
    private String current;

    @Override
    public synchronized Session openSession(String nodeId, Node.Description description, String addr,
                                            AssignmentListener l) {
        if (down) {
            throw new ShoalException.Unavailable("dispatcher is down");
        }
        current = "s" + (sessions.size() + 1);
        sessions.add(new Opened(current, nodeId, description, addr));
        listener = l;
        l.onAssignments(new Assignments(true, List.copyOf(assigned.values()), List.of()));
        return new Session(current, PERIOD);
    }

    @Override
    public synchronized long heartbeat(String nodeId, String sessionId) {
        check(sessionId);
        heartbeats++;
        return PERIOD;
    }

    @Override
    public synchronized void updateTaskStatus(String nodeId, String sessionId, List<TaskStatusUpdate> updates) {
        check(sessionId);
        if (slowStatusCalls > 0) {
            slowStatusCalls--;
            throw new ShoalException.Unavailable("DEADLINE_EXCEEDED: deadline exceeded after 5s");
        }
        statusCalls++;
        updates.forEach(u -> reports.add(new Report(sessionId, u)));
    }

    @Override
    public synchronized void closeSession(String nodeId, String sessionId) {
        closed.add(sessionId);
    }

    private void check(String sessionId) {
        if (down || !sessionId.equals(current)) {
            throw new ShoalException.Unavailable("session " + sessionId + " is not valid");
        }
    }

    /** Assigns (or changes) tasks and sends them as an incremental assignment. */
    void assign(Task... tasks) {
        AssignmentListener l;
        synchronized (this) {
            for (Task t : tasks) {
                assigned.put(t.id(), t);
            }
            l = listener;
        }
        l.onAssignments(new Assignments(false, List.of(tasks), List.of()));
    }

    void unassign(String... ids) {
        AssignmentListener l;
        synchronized (this) {
            for (String id : ids) {
                assigned.remove(id);
            }
            l = listener;
        }
        l.onAssignments(new Assignments(false, List.of(), List.of(ids)));
    }

    void endSession(String reason) {
        AssignmentListener l;
        synchronized (this) {
            current = null;
            l = listener;
        }
        l.onSessionClosed(reason);
    }

    AssignmentListener listener() {
        return listener;
    }

    synchronized List<TaskState> states(String taskId) {
        return reports.stream().filter(r -> r.update().taskId().equals(taskId))
                .map(r -> r.update().status().state()).toList();
    }

    synchronized Task.TaskStatus last(String taskId) {
        Task.TaskStatus s = null;
        for (Report r : reports) {
            if (r.update().taskId().equals(taskId)) {
                s = r.update().status();
            }
        }
        return s;
    }

    synchronized List<Report> reportsIn(String sessionId) {
        return reports.stream().filter(r -> r.sessionId().equals(sessionId)).toList();
    }
}
