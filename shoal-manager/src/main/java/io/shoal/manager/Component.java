package io.shoal.manager;

/**
 * A manager loop (orchestrator, scheduler, dispatcher...). Only the Raft leader runs them:
 * they start when this manager becomes leader and stop when it loses leadership.
 * Both calls are idempotent; {@code stop} returns once the loop has ended.
 */
public interface Component {
    void start();

    void stop();
}
