package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.shoal.api.Cluster;
import io.shoal.api.Json;
import io.shoal.api.LocalNodeState;
import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.daemon.BuildInfo;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code /_ping}, {@code /version} and {@code /info}: answered by every node, in any swarm state, fast. */
public final class SystemRoutes implements Consumer<ApiRoutes> {
    private final SwarmAccess swarm;
    private final BuildInfo build;
    private final HostInfo host;
    private final String engineId;
    private final Path dataDir;
    private final String executorName;

    public SystemRoutes(SwarmAccess swarm, BuildInfo build, HostInfo host, String engineId, Path dataDir,
                        String executorName) {
        this.swarm = requireNonNull(swarm, "swarm is null");
        this.build = requireNonNull(build, "build is null");
        this.host = requireNonNull(host, "host is null");
        this.engineId = requireNonNull(engineId, "engineId is null");
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.executorName = requireNonNull(executorName, "executorName is null");
    }

    @Override
    public void accept(ApiRoutes r) {
        r.head("/_ping", this::ping);
        r.get("/_ping", this::ping);
        r.get("/version", ctx -> ApiRoutes.json(ctx, version()));
        r.get("/info", ctx -> ApiRoutes.json(ctx, info()));
    }

    private void ping(Context ctx) {
        ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ctx.header("Pragma", "no-cache");
        ctx.contentType("text/plain; charset=utf-8");
        ctx.status(200);
        if (!ctx.method().name().equals("HEAD")) {
            ctx.result("OK");
        }
    }

    Map<String, Object> version() {
        String javaVersion = "java" + Runtime.version().feature();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", ApiVersion.MAX.text());
        details.put("Arch", goArch());
        details.put("Experimental", "false");
        details.put("GitCommit", "");
        details.put("GoVersion", javaVersion);
        details.put("KernelVersion", host.kernelVersion());
        details.put("MinAPIVersion", ApiVersion.MIN.text());
        details.put("Os", "linux");
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("Name", "Engine");
        engine.put("Version", build.version());
        engine.put("Details", details);

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "Shoal " + build.version()));
        v.put("Components", List.of(engine));
        v.put("Version", build.version());
        v.put("ApiVersion", ApiVersion.MAX.text());
        v.put("MinAPIVersion", ApiVersion.MIN.text());
        v.put("GitCommit", "");
        v.put("GoVersion", javaVersion);
        v.put("Os", "linux");
        v.put("Arch", goArch());
        v.put("KernelVersion", host.kernelVersion());
        return v;
    }

    /** Go's GOARCH names, which {@code docker version} prints. */
    private String goArch() {
        return switch (host.architecture()) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386" -> "386";
            default -> host.architecture();
        };
    }

    Map<String, Object> info() {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", engineId);
        i.put("Containers", 0);
        i.put("ContainersRunning", 0);
        i.put("ContainersPaused", 0);
        i.put("ContainersStopped", 0);
        i.put("Images", 0);
        i.put("Driver", "");
        i.put("DriverStatus", List.of());
        i.put("Plugins", Map.of("Volume", List.of(), "Network", List.of("overlay"), "Log", List.of()));
        i.put("MemoryLimit", true);
        i.put("SwapLimit", false);
        i.put("CpuCfsPeriod", true);
        i.put("CpuCfsQuota", true);
        i.put("CPUShares", true);
        i.put("CPUSet", true);
        i.put("PidsLimit", true);
        i.put("IPv4Forwarding", true);
        i.put("Debug", false);
        i.put("NFd", 0);
        i.put("NGoroutines", Thread.activeCount());
        i.put("SystemTime", java.time.OffsetDateTime.now().toString());
        i.put("LoggingDriver", "json-file");
        i.put("CgroupDriver", "cgroupfs");
        i.put("NEventsListener", 0);
        i.put("KernelVersion", host.kernelVersion());
        i.put("OperatingSystem", host.operatingSystem());
        i.put("OSVersion", host.osVersion());
        i.put("OSType", "linux");
        i.put("Architecture", host.architecture());
        i.put("IndexServerAddress", "");
        i.put("NCPU", host.ncpu());
        i.put("MemTotal", host.memTotal());
        i.put("DockerRootDir", dataDir.toString());
        i.put("Name", host.hostname());
        i.put("Labels", List.of());
        i.put("ExperimentalBuild", false);
        i.put("ServerVersion", build.version());
        i.put("Runtimes", Map.of(executorName, Map.of("path", executorName)));
        i.put("DefaultRuntime", executorName);
        i.put("Swarm", swarmInfo());
        i.put("LiveRestoreEnabled", true);
        i.put("Isolation", "");
        i.put("InitBinary", "");
        i.put("SecurityOptions", List.of());
        i.put("Warnings", null);
        return i;
    }

    Map<String, Object> swarmInfo() {
        LocalNode local = swarm.local();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("NodeID", local.nodeId());
        s.put("NodeAddr", local.nodeAddr());
        s.put("LocalNodeState", local.state().wire());
        s.put("ControlAvailable", local.controlAvailable());
        s.put("Error", local.error());
        s.put("RemoteManagers", null);
        if (local.state() == LocalNodeState.INACTIVE) {
            return s;
        }
        if (!local.controlAvailable()) {
            // a worker knows where the managers are, not what they manage
            List<Map<String, String>> remotes = swarm.remoteManagers().stream()
                    .sorted().map(a -> Map.of("NodeID", "", "Addr", a)).toList();
            s.put("RemoteManagers", remotes);
            return s;
        }
        if (local.state() != LocalNodeState.ACTIVE) {
            return s;
        }
        Optional<MemoryStore> store = storeIfManager();
        if (store.isEmpty()) {
            return s;
        }
        store.get().view(tx -> {
            List<Node> nodes = tx.all(Table.NODES);
            List<Map<String, String>> managers = new ArrayList<>();
            for (Node n : nodes) {
                if (n.managerStatus() != null || (n.spec() != null && n.spec().role() == NodeRole.MANAGER)) {
                    String addr = n.managerStatus() != null && n.managerStatus().addr() != null
                            ? n.managerStatus().addr() : "";
                    managers.add(Map.of("NodeID", n.id(), "Addr", addr));
                }
            }
            managers.sort(Comparator.comparing(m -> m.get("Addr")));
            s.put("RemoteManagers", managers);
            s.put("Nodes", nodes.size());
            s.put("Managers", managers.size());
            tx.cluster().ifPresent(c -> s.put("Cluster", clusterInfo(c)));
            return null;
        });
        return s;
    }

    /** Docker's ClusterInfo: the swarm without its join tokens (and never the CA key). */
    static ObjectNode clusterInfo(Cluster c) {
        ObjectNode node = Json.mapper().valueToTree(c.forApi());
        node.remove("JoinTokens");
        return node;
    }

    private Optional<MemoryStore> storeIfManager() {
        try {
            return Optional.of(swarm.manager().store());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
