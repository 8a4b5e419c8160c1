package io.shoal.api.dispatch;

/** The agent's side of the assignment stream. Called from the dispatcher's thread: return quickly. */
public interface AssignmentListener {
    void onAssignments(Assignments assignments);

    /** The dispatcher ended the session (it stopped, or the node was removed). */
    void onSessionClosed(String reason);
}
