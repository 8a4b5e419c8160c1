package io.shoal.rpc.server;

import io.shoal.api.ShoalException;
import io.shoal.store.raft.RaftPeer;
import java.util.List;

/**
 * What the cluster port needs from this manager's Raft member to let other managers join the group
 * (the daemon implements it).
 */
public interface RaftControl {
    /** The group's members as this manager knows them. */
    List<RaftPeer> members();

    /**
     * Adds manager {@code nodeId}, already running a Raft member at {@code raftAddr}, and records
     * {@code advertiseAddr} as its ManagerStatus address. Only on the leader (else Unavailable);
     * returns the new membership once the member caught up.
     */
    List<RaftPeer> join(String nodeId, String raftAddr, String advertiseAddr);

    /**
     * The data key of the group's log and snapshots, for manager {@code nodeId} that is about to
     * start its Raft member (PermissionDenied unless its spec says manager).
     */
    default byte[] dataKey(String nodeId) {
        throw new ShoalException.Unimplemented("this manager does not hand out the data key");
    }

    /** For a cluster port without Raft (tests): every call is Unimplemented. */
    RaftControl NONE = new RaftControl() {
        @Override
        public List<RaftPeer> members() {
            throw new ShoalException.Unimplemented("this manager has no Raft group");
        }

        @Override
        public List<RaftPeer> join(String nodeId, String raftAddr, String advertiseAddr) {
            throw new ShoalException.Unimplemented("this manager has no Raft group");
        }
    };
}
