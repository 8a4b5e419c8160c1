package io.shoal.daemon.api;

import io.shoal.api.logs.TaskLogs;
import io.shoal.manager.Manager;
import io.shoal.store.MemoryStore;

/** The manager side of this node, as the API uses it: reads from the store, writes through the Manager. */
public interface ManagerAccess {
    /** This node's copy of the cluster state (on followers too). */
    MemoryStore store();

    /** The running Manager, for writes; waits a little for an election, then 503 "no leader". */
    Manager leader();

    /** Logs of tasks run by this node's agent. */
    TaskLogs logs();
}
