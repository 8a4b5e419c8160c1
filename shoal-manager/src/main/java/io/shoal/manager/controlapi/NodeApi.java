package io.shoal.manager.controlapi;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.time.Clock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Node update and removal with SwarmKit's safety rules (controlapi/node.go). */
public final class NodeApi {
    static final String ORPHANED_MESSAGE = "Task belonged to a node that has been deleted";
    /** How long after its certificates expire a removed node stays blacklisted (SwarmKit's expiredCertGrace). */
    static final Duration EXPIRED_CERT_GRACE = Duration.ofDays(7);

    private final MemoryStore store;
    private final Clock clock;
    private final RaftMembership membership;

    public NodeApi(MemoryStore store, Clock clock) {
        this(store, clock, RaftMembership.fromNodes());
    }

    public NodeApi(MemoryStore store, Clock clock, RaftMembership membership) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.membership = requireNonNull(membership, "membership is null");
    }

    /**
     * Replaces the node's spec (name, labels, role, availability). Refuses to demote the last
     * manager, a manager the Raft group does not know, or one whose removal would lose quorum.
     */
    public Node update(String ref, long version, Node.NodeSpec spec) {
        if (spec == null) {
            throw new ShoalException.InvalidArgument("invalid argument");
        }
        if (spec.role() == null) {
            throw new ShoalException.InvalidArgument("invalid Role: \"\"");
        }
        if (spec.availability() == null) {
            throw new ShoalException.InvalidArgument("invalid Availability: \"\"");
        }
        Node.NodeSpec s = spec.labels() == null ? new Node.NodeSpec(spec.name(), Map.of(), spec.role(), spec.availability()) : spec;
        String id = store.update(tx -> {
            Node node = Lookup.node(tx, ref);
            if (node.version() == null || node.version().index() != version) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
            boolean demotion = node.spec() != null && node.spec().role() == NodeRole.MANAGER && s.role() == NodeRole.WORKER;
            if (demotion) {
                long managers = tx.all(Table.NODES).stream()
                        .filter(n -> n.spec() != null && n.spec().role() == NodeRole.MANAGER).count();
                if (managers <= 1) {
                    throw new ShoalException.InvalidArgument("attempting to demote the last manager of the swarm");
                }
                if (!membership.isMember(tx, node.id())) {
                    throw new ShoalException.NotFound("can't find manager in raft memberlist");
                }
                if (!membership.canRemove(tx, node.id())) {
                    throw new ShoalException.InvalidArgument(
                            "can't remove member from the raft: this would result in a loss of quorum");
                }
            }
            tx.update(Table.NODES, node.withSpec(s));
            return node.id();
        });
        return store.view(tx -> tx.get(Table.NODES, id))
                .orElseThrow(() -> new ShoalException.NotFound("node " + id + " not found"));
    }

    /**
     * Removes a node. A manager still in the Raft group must be demoted first; a READY node needs
     * {@code force}. Its unfinished tasks become ORPHANED in the same transaction, since no agent
     * will report on them again. Its certificates go on the cluster's blacklist, so no manager
     * accepts them again, also after a restart or a leader change.
     */
    public void remove(String ref, boolean force) {
        store.write(tx -> {
            Node node = Lookup.node(tx, ref);
            if (node.spec() != null && node.spec().role() == NodeRole.MANAGER && membership.isMember(tx, node.id())) {
                throw new ShoalException.InvalidArgument("node " + node.id() + " is a cluster manager and is a member of "
                        + "the raft cluster. It must be demoted to worker before removal");
            }
            if (!force && node.status() != null && node.status().state() == NodeState.READY) {
                throw new ShoalException.InvalidArgument("node " + node.id() + " is not down and can't be removed");
            }
            for (Task t : tx.tasksOnNode(node.id())) {
                if (t.state().isBefore(TaskState.COMPLETE)) {
                    tx.update(Table.TASKS, t.withStatus(Task.TaskStatus.of(clock.instant(), TaskState.ORPHANED, ORPHANED_MESSAGE)));
                }
            }
            tx.delete(Table.NODES, node.id());
            tx.cluster().ifPresent(c -> tx.update(Table.CLUSTERS, blacklist(c, node.id(), clock.instant())));
        });
    }

    /**
     * The cluster with {@code nodeId}'s certificates blacklisted, and entries whose expiry has
     * passed dropped. The store does not keep node certificates, so the entry lasts as long as
     * any certificate issued until now can (the spec's lifetime) plus SwarmKit's 7-day grace.
     */
    static Cluster blacklist(Cluster cluster, String nodeId, Instant now) {
        Map<String, Cluster.BlacklistedCertificate> kept = new TreeMap<>();
        if (cluster.blacklistedCertificates() != null) {
            cluster.blacklistedCertificates().forEach((id, b) -> {
                if (b == null || b.expiry() == null || b.expiry().isAfter(now)) {
                    kept.put(id, b);
                }
            });
        }
        long lifetime = cluster.spec() != null && cluster.spec().caConfig() != null
                && cluster.spec().caConfig().nodeCertExpiry() != null
                ? cluster.spec().caConfig().nodeCertExpiry() : Cluster.SwarmSpec.DEFAULT_NODE_CERT_EXPIRY;
        kept.put(nodeId, new Cluster.BlacklistedCertificate(now.plus(Duration.ofNanos(lifetime)).plus(EXPIRED_CERT_GRACE)));
        return cluster.withBlacklistedCertificates(kept);
    }
}
