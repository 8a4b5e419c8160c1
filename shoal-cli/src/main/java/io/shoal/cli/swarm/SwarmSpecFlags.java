package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.command.Converters;
import io.shoal.cli.format.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The swarm settings {@code init} and {@code update} share; only flags the user gave are merged
 * into the spec (docker's {@code mergeSwarmSpec}).
 */
public final class SwarmSpecFlags {
    @Option(names = "--task-history-limit", paramLabel = "int", converter = Converters.Int64.class,
            description = "Task history retention limit (default 5)")
    Long taskHistoryLimit;

    @Option(names = "--dispatcher-heartbeat", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Dispatcher heartbeat period (ns|us|ms|s|m|h) (default 5s)")
    Long dispatcherHeartbeat;

    @Option(names = "--max-snapshots", paramLabel = "uint", converter = Converters.Uint64.class,
            description = "Number of additional Raft snapshots to retain")
    Long maxSnapshots;

    @Option(names = "--snapshot-interval", paramLabel = "uint", converter = Converters.Uint64.class,
            description = "Number of log entries between Raft snapshots (default 10000)")
    Long snapshotInterval;

    @Option(names = "--cert-expiry", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Validity period for node certificates (ns|us|ms|s|m|h) (default 2160h0m0s)")
    Long certExpiry;

    @Option(names = "--external-ca", paramLabel = "external-ca",
            description = "Specifications of one or more certificate signing endpoints")
    List<String> externalCa;

    /** Applies the given flags to {@code spec}; {@code autolock} is null when not given. */
    void mergeInto(ObjectNode spec, Boolean autolock, String trustRoot) {
        if (taskHistoryLimit != null) {
            JsonTrees.child(spec, "Orchestration").put("TaskHistoryRetentionLimit", taskHistoryLimit);
        }
        if (dispatcherHeartbeat != null) {
            JsonTrees.child(spec, "Dispatcher").put("HeartbeatPeriod", dispatcherHeartbeat);
        }
        if (maxSnapshots != null) {
            JsonTrees.child(spec, "Raft").put("KeepOldSnapshots", maxSnapshots);
        }
        if (snapshotInterval != null) {
            JsonTrees.child(spec, "Raft").put("SnapshotInterval", snapshotInterval);
        }
        if (autolock != null) {
            JsonTrees.child(spec, "EncryptionConfig").put("AutoLockManagers", autolock);
        }
        mergeCaFlags(spec, trustRoot);
    }

    void mergeCaFlags(ObjectNode spec, String trustRoot) {
        if (certExpiry != null) {
            JsonTrees.child(spec, "CAConfig").put("NodeCertExpiry", certExpiry);
        }
        if (externalCa != null) {
            ArrayNode cas = JsonTrees.array();
            for (ObjectNode ca : externalCas()) {
                if (trustRoot != null && ca.path("CACert").asText("").isEmpty()) {
                    ca.put("CACert", trustRoot);
                }
                cas.add(ca);
            }
            JsonTrees.child(spec, "CAConfig").set("ExternalCAs", cas);
        }
    }

    boolean certExpiryGiven() {
        return certExpiry != null;
    }

    boolean externalCaGiven() {
        return externalCa != null;
    }

    List<ObjectNode> externalCas() {
        List<ObjectNode> out = new ArrayList<>();
        if (externalCa != null) {
            for (String spec : externalCa) {
                out.add(ExternalCa.parse(spec));
            }
        }
        return out;
    }

    /** Whether any flag of this group was given (swarm update needs at least one flag). */
    boolean any() {
        return taskHistoryLimit != null || dispatcherHeartbeat != null || maxSnapshots != null
                || snapshotInterval != null || certExpiry != null || externalCa != null;
    }

    static String trustRoot(JsonNode swarm) {
        return swarm.path("TLSInfo").path("TrustRoot").asText("");
    }
}
