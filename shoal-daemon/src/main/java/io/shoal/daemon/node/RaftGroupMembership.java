package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.Reachability;
import io.shoal.manager.controlapi.RaftMembership;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import io.shoal.store.raft.RaftNode;
import io.shoal.store.raft.RaftPeer;
import java.util.List;

/**
 * The Raft group as the control API must see it to refuse unsafe node changes: membership from the
 * group itself, reachability from the node objects (what the dispatcher last saw).
 */
final class RaftGroupMembership implements RaftMembership {
    private final RaftNode raft;

    RaftGroupMembership(RaftNode raft) {
        this.raft = requireNonNull(raft, "raft is null");
    }

    @Override
    public boolean isMember(ReadTx tx, String nodeId) {
        return raft.members().stream().anyMatch(p -> p.memberId().equals(nodeId));
    }

    /** SwarmKit's rule: the reachable members left must be a majority of the members left. */
    @Override
    public boolean canRemove(ReadTx tx, String nodeId) {
        List<RaftPeer> others = raft.members().stream().filter(p -> !p.memberId().equals(nodeId)).toList();
        long reachable = others.stream().filter(p -> tx.get(Table.NODES, p.memberId())
                .map(RaftGroupMembership::reachable).orElse(false)).count();
        return !others.isEmpty() && reachable >= others.size() / 2 + 1;
    }

    private static boolean reachable(Node n) {
        return n.managerStatus() != null && n.managerStatus().reachability() == Reachability.REACHABLE;
    }
}
