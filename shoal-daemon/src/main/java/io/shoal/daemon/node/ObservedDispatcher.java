package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import java.util.List;

/**
 * A dispatcher as this node's agent uses it, remembering why the last session could not be opened:
 * the agent retries quietly, but a node removed from the swarm must say so in {@code docker info}.
 */
final class ObservedDispatcher implements Dispatcher {
    private final Dispatcher target;
    private volatile ShoalException lastOpenFailure;

    ObservedDispatcher(Dispatcher target) {
        this.target = requireNonNull(target, "target is null");
    }

    /** Why the last attempt to open a session failed; null once one succeeded. */
    ShoalException lastOpenFailure() {
        return lastOpenFailure;
    }

    @Override
    public Session openSession(String nodeId, Node.Description description, String addr, AssignmentListener listener) {
        try {
            Session s = target.openSession(nodeId, description, addr, listener);
            lastOpenFailure = null;
            return s;
        } catch (ShoalException e) {
            lastOpenFailure = e;
            throw e;
        }
    }

    @Override
    public long heartbeat(String nodeId, String sessionId) {
        return target.heartbeat(nodeId, sessionId);
    }

    @Override
    public void updateTaskStatus(String nodeId, String sessionId, List<TaskStatusUpdate> updates) {
        target.updateTaskStatus(nodeId, sessionId, updates);
    }

    @Override
    public void closeSession(String nodeId, String sessionId) {
        target.closeSession(nodeId, sessionId);
    }

    @Override
    public void sessionLost(String nodeId, String sessionId) {
        target.sessionLost(nodeId, sessionId);
    }
}
