package io.shoal.daemon.api;

import io.shoal.api.logs.TaskLogs;
import io.shoal.manager.Manager;
import io.shoal.store.MemoryStore;

/** The manager side of this node, as the API uses it: reads from the store, writes through the Manager. */
public interface ManagerAccess {
    /** This node's copy of the cluster state (on followers too). */
    MemoryStore store();

    /**
     * The Manager, for writes: its control API commits through Raft (a write while no leader is
     * known fails with Unavailable after Raft's request timeout).
     */
    Manager control();

    /** Logs of tasks run by this node's agent. */
    TaskLogs logs();

    /**
     * Brings this manager's key files in line with the cluster's autolock setting now, rather than
     * at the keeper's next check: after a write that changed it, so a restart right after the
     * answer finds them as the answer said. Nothing to do by default.
     */
    default void settleKeys() {}

    /** The node with its ManagerStatus as it is now (leader, reachability); as stored by default. */
    default io.shoal.api.Node withLiveManagerStatus(io.shoal.api.Node n) {
        return n;
    }
}
