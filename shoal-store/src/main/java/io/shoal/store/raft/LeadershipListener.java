package io.shoal.store.raft;

/**
 * Told when this manager becomes the leader (and its store holds every committed write, so
 * leader-only components may start) and when it stops being the leader. Calls come one at a time,
 * in order, on the node's leadership thread; a listener must not block it for long.
 */
public interface LeadershipListener {
    void becameLeader();

    void lostLeadership();
}
