package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The swarm itself: Docker's {@code Swarm} object plus what only managers may see
 * ({@code rootCa} holds the CA key; {@code unlockKey} the managers' unlock key while autolock is
 * on). {@link #forApi()} gives the public view.
 */
public record Cluster(
        @JsonProperty("ID") String id,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        SwarmSpec spec,
        @JsonProperty("TLSInfo") Node.TlsInfo tlsInfo,
        Boolean rootRotationInProgress,
        List<String> defaultAddrPool,
        Integer subnetSize,
        Integer dataPathPort,
        JoinTokens joinTokens,
        @JsonProperty("RootCA") RootCa rootCa,
        Map<String, BlacklistedCertificate> blacklistedCertificates,
        String unlockKey) implements StoreObject {

    public static final String DEFAULT_NAME = "default";

    /** A cluster with no blacklisted certificates and no unlock key (autolock off). */
    public Cluster(String id, Version version, Instant createdAt, Instant updatedAt, SwarmSpec spec,
                   Node.TlsInfo tlsInfo, Boolean rootRotationInProgress, List<String> defaultAddrPool,
                   Integer subnetSize, Integer dataPathPort, JoinTokens joinTokens, RootCa rootCa) {
        this(id, version, createdAt, updatedAt, spec, tlsInfo, rootRotationInProgress, defaultAddrPool, subnetSize,
                dataPathPort, joinTokens, rootCa, null, null);
    }

    @Override
    public Cluster withMeta(Version v, Instant created, Instant updated) {
        return new Cluster(id, v, created, updated, spec, tlsInfo, rootRotationInProgress, defaultAddrPool,
                subnetSize, dataPathPort, joinTokens, rootCa, blacklistedCertificates, unlockKey);
    }

    public Cluster withSpec(SwarmSpec s) {
        return new Cluster(id, version, createdAt, updatedAt, s, tlsInfo, rootRotationInProgress, defaultAddrPool,
                subnetSize, dataPathPort, joinTokens, rootCa, blacklistedCertificates, unlockKey);
    }

    public Cluster withJoinTokens(JoinTokens t) {
        return new Cluster(id, version, createdAt, updatedAt, spec, tlsInfo, rootRotationInProgress, defaultAddrPool,
                subnetSize, dataPathPort, t, rootCa, blacklistedCertificates, unlockKey);
    }

    /** With {@code blacklist} as the certificates of removed nodes (SwarmKit's BlacklistedCertificates). */
    public Cluster withBlacklistedCertificates(Map<String, BlacklistedCertificate> blacklist) {
        return new Cluster(id, version, createdAt, updatedAt, spec, tlsInfo, rootRotationInProgress, defaultAddrPool,
                subnetSize, dataPathPort, joinTokens, rootCa, blacklist, unlockKey);
    }

    /** The managers' unlock key ({@code SWMKEY-1-...}), or null when autolock is off. */
    public Cluster withUnlockKey(String key) {
        return new Cluster(id, version, createdAt, updatedAt, spec, tlsInfo, rootRotationInProgress, defaultAddrPool,
                subnetSize, dataPathPort, joinTokens, rootCa, blacklistedCertificates, key);
    }

    /**
     * With {@code ca} as the root CA (and its rotation, if any): the public TLSInfo follows the
     * current root, and RootRotationInProgress says whether a rotation is under way.
     */
    public Cluster withRootCa(RootCa ca, Node.TlsInfo tls) {
        return new Cluster(id, version, createdAt, updatedAt, spec, tls, ca != null && ca.rootRotation() != null,
                defaultAddrPool, subnetSize, dataPathPort, joinTokens, ca, blacklistedCertificates, unlockKey);
    }

    /** True when the certificates of node {@code nodeId} are refused (it was removed from the swarm). */
    public boolean isBlacklisted(String nodeId) {
        return blacklistedCertificates != null && blacklistedCertificates.containsKey(nodeId);
    }

    /** Without the CA key, the blacklist and the unlock key: what {@code GET /swarm} returns. */
    public Cluster forApi() {
        return new Cluster(id, version, createdAt, updatedAt, spec, tlsInfo, rootRotationInProgress, defaultAddrPool,
                subnetSize, dataPathPort, joinTokens, null, null, null);
    }

    /**
     * The certificates of a removed node stay refused until {@code expiry}: by then every
     * certificate the node could hold has expired (null: for ever).
     */
    public record BlacklistedCertificate(Instant expiry) {}

    public record JoinTokens(String worker, String manager) {}

    /**
     * The cluster's root CA: PEM certificate and PEM private key; while the root is being replaced
     * ({@code swarm ca --rotate}) also the one it is replaced by. {@code lastForcedRotation} is the
     * {@code CAConfig.ForceRotate} value the current root (or rotation) answers, as in SwarmKit.
     */
    public record RootCa(@JsonProperty("CACert") String caCert, @JsonProperty("CAKey") String caKey,
                         RootRotation rootRotation, Long lastForcedRotation) {
        public RootCa(String caCert, String caKey) {
            this(caCert, caKey, null, null);
        }

        public long forcedRotation() {
            return lastForcedRotation == null ? 0 : lastForcedRotation;
        }
    }

    /**
     * A root rotation under way: the new root (certificate and key) and the new root's public key
     * signed by the old root ({@code CrossSignedCACert}), the intermediate that lets nodes which
     * trust only the old root accept certificates the new key issues.
     */
    public record RootRotation(@JsonProperty("CACert") String caCert, @JsonProperty("CAKey") String caKey,
                               @JsonProperty("CrossSignedCACert") String crossSignedCaCert) {}

    public record SwarmSpec(
            String name,
            Map<String, String> labels,
            Orchestration orchestration,
            RaftConfig raft,
            DispatcherConfig dispatcher,
            @JsonProperty("CAConfig") CaConfig caConfig,
            EncryptionConfig encryptionConfig,
            TaskDefaults taskDefaults) {

        public static final long DEFAULT_HEARTBEAT_PERIOD = 5_000_000_000L;
        public static final long DEFAULT_NODE_CERT_EXPIRY = 90L * 24 * 3600 * 1_000_000_000L;

        /** Swarm's defaults, as {@code docker swarm init} fills them in. */
        public static SwarmSpec defaults() {
            return new SwarmSpec(DEFAULT_NAME, Map.of(), new Orchestration(5L),
                    new RaftConfig(10_000L, 0L, 500L, 10, 1), new DispatcherConfig(DEFAULT_HEARTBEAT_PERIOD),
                    new CaConfig(DEFAULT_NODE_CERT_EXPIRY, null, null, null, 0L), new EncryptionConfig(false),
                    new TaskDefaults(null));
        }

        /** This spec with anything unset or zero taken from {@code base}. */
        public SwarmSpec mergedOver(SwarmSpec base) {
            return new SwarmSpec(
                    name == null || name.isEmpty() ? base.name : name,
                    labels == null ? base.labels : labels,
                    orchestration == null || orchestration.taskHistoryRetentionLimit == null
                            ? base.orchestration : orchestration,
                    raft == null ? base.raft : raft.mergedOver(base.raft),
                    dispatcher == null || dispatcher.heartbeatPeriod == null || dispatcher.heartbeatPeriod == 0
                            ? base.dispatcher : dispatcher,
                    caConfig == null ? base.caConfig : caConfig.mergedOver(base.caConfig),
                    encryptionConfig == null ? base.encryptionConfig : encryptionConfig,
                    taskDefaults == null ? base.taskDefaults : taskDefaults);
        }
    }

    public record Orchestration(Long taskHistoryRetentionLimit) {}

    public record RaftConfig(
            Long snapshotInterval,
            Long keepOldSnapshots,
            Long logEntriesForSlowFollowers,
            Integer electionTick,
            Integer heartbeatTick) {
        RaftConfig mergedOver(RaftConfig base) {
            return new RaftConfig(
                    snapshotInterval == null || snapshotInterval == 0 ? base.snapshotInterval : snapshotInterval,
                    keepOldSnapshots == null ? base.keepOldSnapshots : keepOldSnapshots,
                    logEntriesForSlowFollowers == null || logEntriesForSlowFollowers == 0
                            ? base.logEntriesForSlowFollowers : logEntriesForSlowFollowers,
                    electionTick == null || electionTick == 0 ? base.electionTick : electionTick,
                    heartbeatTick == null || heartbeatTick == 0 ? base.heartbeatTick : heartbeatTick);
        }
    }

    public record DispatcherConfig(Long heartbeatPeriod) {}

    public record CaConfig(
            Long nodeCertExpiry,
            @JsonProperty("ExternalCAs") List<Map<String, Object>> externalCas,
            @JsonProperty("SigningCACert") String signingCaCert,
            @JsonProperty("SigningCAKey") String signingCaKey,
            Long forceRotate) {
        CaConfig mergedOver(CaConfig base) {
            return new CaConfig(
                    nodeCertExpiry == null || nodeCertExpiry == 0 ? base.nodeCertExpiry : nodeCertExpiry,
                    externalCas, signingCaCert, signingCaKey,
                    forceRotate == null ? base.forceRotate : forceRotate);
        }
    }

    public record EncryptionConfig(Boolean autoLockManagers) {}

    public record TaskDefaults(TaskSpec.LogDriver logDriver) {}
}
