package io.shoal.api.dispatch;

import io.shoal.api.Node;
import java.util.List;

/**
 * The manager's dispatcher as a node's agent sees it. In one process the agent calls it directly;
 * across machines the same calls travel over gRPC with mutual TLS (the node ID then comes from the
 * caller's certificate, never from the message).
 * <p>
 * An agent opens a session, keeps it alive with heartbeats at the period the dispatcher returns,
 * receives its tasks through the listener and reports task status changes in batches.
 * A call with a session that is no longer valid fails with ShoalException.Unavailable; the agent
 * then opens a new session.
 */
public interface Dispatcher {
    Session openSession(String nodeId, Node.Description description, String addr, AssignmentListener listener);

    /** Keeps the session alive; returns the heartbeat period to use next, in nanoseconds. */
    long heartbeat(String nodeId, String sessionId);

    /** Reports observed task states. Reports for tasks not on this node, or going backwards, are dropped. */
    void updateTaskStatus(String nodeId, String sessionId, List<TaskStatusUpdate> updates);

    /** The agent ends its session on purpose (it stops or restarts): the node keeps its heartbeat deadline. */
    void closeSession(String nodeId, String sessionId);

    /**
     * The session's connection broke without the agent closing it (the node's process died, or its
     * connection was reset): the node has a short grace to open a new session before it is DOWN.
     * Dispatchers that make no such distinction treat it as {@link #closeSession}.
     */
    default void sessionLost(String nodeId, String sessionId) {
        closeSession(nodeId, sessionId);
    }

    record Session(String sessionId, long heartbeatPeriodNanos) {}
}
