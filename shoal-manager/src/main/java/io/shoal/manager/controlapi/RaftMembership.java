package io.shoal.manager.controlapi;

import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.api.Reachability;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;

/**
 * What the control API must know about the Raft group to refuse unsafe node changes: whether a
 * node is a member, and whether removing it keeps a quorum of reachable members. The daemon gives
 * the real group's view; {@link #fromNodes()} judges from the node objects' manager status.
 */
public interface RaftMembership {
    boolean isMember(ReadTx tx, String nodeId);

    /** True if, with {@code nodeId} gone, the reachable members still form a quorum of the rest. */
    boolean canRemove(ReadTx tx, String nodeId);

    /**
     * Members are the nodes with a manager status (role manager); reachable ones count toward
     * the quorum, SwarmKit's CanRemoveMember rule: reachable after removal ≥ (n−1)/2 + 1.
     */
    static RaftMembership fromNodes() {
        return new RaftMembership() {
            @Override
            public boolean isMember(ReadTx tx, String nodeId) {
                return tx.get(Table.NODES, nodeId).map(RaftMembership::isManager).orElse(false);
            }

            @Override
            public boolean canRemove(ReadTx tx, String nodeId) {
                int members = 0;
                int reachable = 0;
                for (Node n : tx.all(Table.NODES)) {
                    if (!isManager(n) || n.id().equals(nodeId)) {
                        continue;
                    }
                    members++;
                    if (n.managerStatus().reachability() == Reachability.REACHABLE) {
                        reachable++;
                    }
                }
                return members > 0 && reachable >= members / 2 + 1;
            }
        };
    }

    private static boolean isManager(Node n) {
        return n.managerStatus() != null && n.spec() != null && n.spec().role() == NodeRole.MANAGER;
    }
}
