package io.shoal.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.format.Units;
import java.util.ArrayList;
import java.util.List;

/** The server half of {@code docker info}, swarm section included, from {@code GET /info}. */
public final class InfoText {
    private final StringBuilder out = new StringBuilder();
    private final List<String> warnings = new ArrayList<>();

    private InfoText() {}

    /** The text for stdout; {@link #warnings(JsonNode)} go to stderr. */
    public static String server(JsonNode info) {
        InfoText t = new InfoText();
        t.print(info);
        return t.out.toString();
    }

    public static List<String> warnings(JsonNode info) {
        List<String> w = new ArrayList<>();
        info.path("Warnings").forEach(n -> w.add(n.asText()));
        return w;
    }

    private void print(JsonNode i) {
        line(" Containers:", num(i, "Containers"));
        line("  Running:", num(i, "ContainersRunning"));
        line("  Paused:", num(i, "ContainersPaused"));
        line("  Stopped:", num(i, "ContainersStopped"));
        line(" Images:", num(i, "Images"));
        nonEmpty(" Server Version:", str(i, "ServerVersion"));
        nonEmpty(" Storage Driver:", str(i, "Driver"));
        i.path("DriverStatus").forEach(p -> out.append("  ").append(p.path(0).asText()).append(": ")
                .append(p.path(1).asText()).append('\n'));
        i.path("SystemStatus").forEach(p -> out.append(" ").append(p.path(0).asText()).append(": ")
                .append(p.path(1).asText()).append('\n'));
        nonEmpty(" Logging Driver:", str(i, "LoggingDriver"));
        nonEmpty(" Cgroup Driver:", str(i, "CgroupDriver"));
        nonEmpty(" Cgroup Version:", str(i, "CgroupVersion"));
        line(" Plugins:");
        JsonNode plugins = i.path("Plugins");
        line("  Volume:", join(plugins.path("Volume")));
        line("  Network:", join(plugins.path("Network")));
        if (!plugins.path("Authorization").isEmpty()) {
            line("  Authorization:", join(plugins.path("Authorization")));
        }
        line("  Log:", join(plugins.path("Log")));
        JsonNode swarm = i.path("Swarm");
        line(" Swarm:", str(swarm, "LocalNodeState"));
        swarm(swarm);
        if (i.path("Runtimes").isObject() && !i.path("Runtimes").isEmpty()) {
            List<String> names = new ArrayList<>();
            i.path("Runtimes").fieldNames().forEachRemaining(names::add);
            line(" Runtimes:", String.join(" ", names));
            line(" Default Runtime:", str(i, "DefaultRuntime"));
        }
        if (str(i, "OSType").equals("linux")) {
            line(" Init Binary:", str(i, "InitBinary"));
            line(" containerd version:", str(i.path("ContainerdCommit"), "ID"));
            line(" runc version:", str(i.path("RuncCommit"), "ID"));
            line(" init version:", str(i.path("InitCommit"), "ID"));
        }
        nonEmpty(" Kernel Version:", str(i, "KernelVersion"));
        nonEmpty(" Operating System:", str(i, "OperatingSystem"));
        nonEmpty(" OSType:", str(i, "OSType"));
        nonEmpty(" Architecture:", str(i, "Architecture"));
        line(" CPUs:", num(i, "NCPU"));
        line(" Total Memory:", Units.bytesSize(i.path("MemTotal").asDouble(0)));
        nonEmpty(" Name:", str(i, "Name"));
        nonEmpty(" ID:", str(i, "ID"));
        line(" Shoal Root Dir:", str(i, "DockerRootDir"));
        line(" Debug Mode:", Boolean.toString(i.path("Debug").asBoolean(false)));
        nonEmpty(" HTTP Proxy:", str(i, "HttpProxy"));
        nonEmpty(" HTTPS Proxy:", str(i, "HttpsProxy"));
        nonEmpty(" No Proxy:", str(i, "NoProxy"));
        if (!i.path("Labels").isEmpty()) {
            line(" Labels:");
            i.path("Labels").forEach(l -> line("  " + l.asText()));
        }
        line(" Experimental:", Boolean.toString(i.path("ExperimentalBuild").asBoolean(false)));
        line(" Live Restore Enabled:", Boolean.toString(i.path("LiveRestoreEnabled").asBoolean(false)));
        if (!str(i, "ProductLicense").isEmpty()) {
            line(" Product License:", str(i, "ProductLicense"));
        }
        out.append('\n');
    }

    private void swarm(JsonNode s) {
        String state = str(s, "LocalNodeState");
        if (state.equals("inactive") || state.equals("locked") || state.isEmpty()) {
            return;
        }
        line("  NodeID:", str(s, "NodeID"));
        if (!str(s, "Error").isEmpty()) {
            line("  Error:", str(s, "Error"));
        }
        boolean control = s.path("ControlAvailable").asBoolean(false);
        line("  Is Manager:", Boolean.toString(control));
        JsonNode cluster = s.path("Cluster");
        if (cluster.isObject() && control && str(s, "Error").isEmpty() && !state.equals("error")) {
            line("  ClusterID:", str(cluster, "ID"));
            line("  Managers:", num(s, "Managers"));
            line("  Nodes:", num(s, "Nodes"));
            if (cluster.path("DefaultAddrPool").isArray()) {
                StringBuilder pools = new StringBuilder();
                cluster.path("DefaultAddrPool").forEach(p -> pools.append(p.asText()).append("  "));
                line("  Default Address Pool:", pools.toString());
                line("  SubnetSize:", num(cluster, "SubnetSize"));
            }
            if (cluster.path("DataPathPort").asLong(0) > 0) {
                line("  Data Path Port:", num(cluster, "DataPathPort"));
            }
            JsonNode spec = cluster.path("Spec");
            line("  Orchestration:");
            line("   Task History Retention Limit:", num(spec.path("Orchestration"), "TaskHistoryRetentionLimit"));
            line("  Raft:");
            line("   Snapshot Interval:", num(spec.path("Raft"), "SnapshotInterval"));
            if (spec.path("Raft").hasNonNull("KeepOldSnapshots")) {
                line("   Number of Old Snapshots to Retain:", num(spec.path("Raft"), "KeepOldSnapshots"));
            }
            line("   Heartbeat Tick:", num(spec.path("Raft"), "HeartbeatTick"));
            line("   Election Tick:", num(spec.path("Raft"), "ElectionTick"));
            line("  Dispatcher:");
            line("   Heartbeat Period:", Units.humanDuration(spec.path("Dispatcher").path("HeartbeatPeriod").asLong(0)));
            line("  CA Configuration:");
            JsonNode ca = spec.path("CAConfig");
            line("   Expiry Duration:", Units.humanDuration(ca.path("NodeCertExpiry").asLong(0)));
            line("   Force Rotate:", num(ca, "ForceRotate"));
            String signing = str(ca, "SigningCACert").strip();
            if (!signing.isEmpty()) {
                out.append("   Signing CA Certificate: \n").append(signing).append("\n\n");
            }
            if (!ca.path("ExternalCAs").isEmpty()) {
                line("   External CAs:");
                ca.path("ExternalCAs").forEach(e -> out.append("     ").append(str(e, "Protocol")).append(": ")
                        .append(str(e, "URL")).append('\n'));
            }
            line("  Autolock Managers:",
                    Boolean.toString(spec.path("EncryptionConfig").path("AutoLockManagers").asBoolean(false)));
            line("  Root Rotation In Progress:", Boolean.toString(cluster.path("RootRotationInProgress").asBoolean(false)));
        }
        line("  Node Address:", str(s, "NodeAddr"));
        List<String> managers = new ArrayList<>();
        s.path("RemoteManagers").forEach(m -> managers.add(str(m, "Addr")));
        if (!managers.isEmpty()) {
            managers.sort(null);
            line("  Manager Addresses:");
            managers.forEach(m -> out.append("   ").append(m).append('\n'));
        }
    }

    /** Go's {@code fmt.Println}: operands joined by one space. */
    private void line(String... parts) {
        out.append(String.join(" ", parts)).append('\n');
    }

    private void nonEmpty(String label, String value) {
        if (!value.isEmpty()) {
            line(label, value);
        }
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isValueNode() ? v.asText() : "";
    }

    private static String num(JsonNode n, String field) {
        return Long.toString(n.path(field).asLong(0));
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(p -> parts.add(p.asText()));
        return String.join(" ", parts);
    }
}
