package io.shoal.manager.controlapi;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.ShoalException;
import io.shoal.api.time.Clock;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.RootCa;
import io.shoal.manager.ca.RootRotations;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.time.Duration;

/**
 * {@code POST /swarm/update}: the whole swarm spec (unset or zero fields take Swarm's defaults, as
 * dockerd passes them), validated, with optional join-token rotation, and root CA rotation when
 * the CA config asks for it ({@link RootRotations}).
 */
public final class ClusterApi {
    /** Docker's minimum node certificate lifetime. */
    public static final Duration DEFAULT_MIN_NODE_CERT_EXPIRY = Duration.ofHours(1);

    private final MemoryStore store;
    private final Clock clock;
    private final Duration minNodeCertExpiry;

    public ClusterApi(MemoryStore store, Clock clock) {
        this(store, clock, DEFAULT_MIN_NODE_CERT_EXPIRY);
    }

    /** @param minNodeCertExpiry the shortest {@code CAConfig.NodeCertExpiry} accepted (1 h unless a test lowers it) */
    public ClusterApi(MemoryStore store, Clock clock, Duration minNodeCertExpiry) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.minNodeCertExpiry = requireNonNull(minNodeCertExpiry, "minNodeCertExpiry is null");
    }

    /**
     * Replaces the swarm spec. {@code version} is the {@code Version.Index} the caller read.
     * Rotating a token gives it a new secret and keeps the CA digest. Returns the cluster without
     * its CA key ({@link Cluster#forApi()}).
     */
    public Cluster update(long version, Cluster.SwarmSpec spec, boolean rotateWorkerToken, boolean rotateManagerToken) {
        return update(version, spec, rotateWorkerToken, rotateManagerToken, false);
    }

    /**
     * As above, and the managers' unlock key: turning autolock on creates one, turning it off
     * drops it, {@code rotateUnlockKey} replaces it (only while autolock is on, as in SwarmKit).
     * Each manager re-seals its key files when it sees the change in its replica.
     */
    public Cluster update(long version, Cluster.SwarmSpec spec, boolean rotateWorkerToken, boolean rotateManagerToken,
                          boolean rotateUnlockKey) {
        Cluster.SwarmSpec merged = validate(spec, minNodeCertExpiry);
        String id = store.update(tx -> {
            Cluster current = tx.cluster().orElseThrow(
                    () -> new ShoalException.Unavailable("This node is not part of a swarm"));
            if (current.version() == null || current.version().index() != version) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
            if (current.rootCa() == null || current.rootCa().caCert() == null) {
                throw new ShoalException.Internal("error loading cluster rootCA for update", null);
            }
            // swarm ca --rotate: a new root (or none) as the CA config asks; the signing cert and
            // key themselves are not kept in the spec (Docker never shows them back)
            Cluster.RootCa ca = RootRotations.apply(current.rootCa(), merged.caConfig(), clock);
            Cluster updated = current.withSpec(withoutSigningCa(merged));
            if (!ca.equals(current.rootCa())) {
                updated = updated.withRootCa(ca, RootCa.fromPem(ca.caCert(), null, clock).tlsInfo());
            }
            if (rotateWorkerToken || rotateManagerToken) {
                String caPem = current.rootCa().caCert();
                updated = updated.withJoinTokens(
                        JoinTokens.rotate(current.joinTokens(), caPem, rotateWorkerToken, rotateManagerToken));
            }
            updated = updated.withUnlockKey(unlockKey(current.unlockKey(), merged, rotateUnlockKey));
            tx.update(Table.CLUSTERS, updated);
            return current.id();
        });
        return store.view(tx -> tx.get(Table.CLUSTERS, id)).map(Cluster::forApi)
                .orElseThrow(() -> new ShoalException.NotFound("cluster " + id + " not found"));
    }

    /** The spec as stored: the signing CA certificate and key asked for are carried out, not kept. */
    static Cluster.SwarmSpec withoutSigningCa(Cluster.SwarmSpec spec) {
        Cluster.CaConfig ca = spec.caConfig();
        if (ca == null || ca.signingCaCert() == null && ca.signingCaKey() == null) {
            return spec;
        }
        return new Cluster.SwarmSpec(spec.name(), spec.labels(), spec.orchestration(), spec.raft(), spec.dispatcher(),
                new Cluster.CaConfig(ca.nodeCertExpiry(), ca.externalCas(), null, null, ca.forceRotate()),
                spec.encryptionConfig(), spec.taskDefaults());
    }

    /** The unlock key the cluster has after an update: one while autolock is on, none otherwise. */
    static String unlockKey(String current, Cluster.SwarmSpec merged, boolean rotate) {
        boolean autolock = merged.encryptionConfig() != null
                && Boolean.TRUE.equals(merged.encryptionConfig().autoLockManagers());
        if (!autolock) {
            return null;
        }
        if (current == null || current.isEmpty() || rotate) {
            return io.shoal.store.crypto.UnlockKey.generate().text();
        }
        return current;
    }

    /**
     * The spec with Swarm's defaults for anything unset or zero, checked as SwarmKit checks it:
     * the name stays "default", node certificates live at least an hour, the heartbeat period is
     * not negative.
     */
    public static Cluster.SwarmSpec validate(Cluster.SwarmSpec spec) {
        return validate(spec, DEFAULT_MIN_NODE_CERT_EXPIRY);
    }

    /** {@link #validate(Cluster.SwarmSpec)} with another certificate lifetime floor. */
    public static Cluster.SwarmSpec validate(Cluster.SwarmSpec spec, Duration minNodeCertExpiry) {
        if (spec == null) {
            throw new ShoalException.InvalidArgument("invalid argument");
        }
        Cluster.SwarmSpec merged = spec.mergedOver(Cluster.SwarmSpec.defaults());
        if (merged.caConfig().nodeCertExpiry() < minNodeCertExpiry.toNanos()) {
            throw new ShoalException.InvalidArgument("minimum certificate expiry time is: " + goDuration(minNodeCertExpiry));
        }
        if (merged.dispatcher().heartbeatPeriod() < 0) {
            throw new ShoalException.InvalidArgument("heartbeat time period cannot be a negative duration");
        }
        if (!Cluster.DEFAULT_NAME.equals(merged.name())) {
            throw new ShoalException.InvalidArgument("modification of cluster name is not allowed");
        }
        Cluster.RaftConfig raft = merged.raft();
        if (raft.electionTick() < 0 || raft.heartbeatTick() < 0 || raft.snapshotInterval() < 0
                || raft.keepOldSnapshots() < 0 || raft.logEntriesForSlowFollowers() < 0) {
            throw new ShoalException.InvalidArgument("raft settings cannot be negative");
        }
        return merged;
    }

    /** Go's time.Duration text for whole seconds: 1h0m0s, 5m0s, 45s. */
    static String goDuration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }
}
