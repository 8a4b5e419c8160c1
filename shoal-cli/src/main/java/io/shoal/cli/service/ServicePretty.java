package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.format.GoDuration;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.format.Text;
import io.shoal.cli.format.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code service inspect --pretty}: docker's template rendered by hand, tabs, trailing spaces
 * and blank lines included, so the text matches line for line.
 */
public final class ServicePretty {
    private ServicePretty() {}

    /** @param networkName a network ID to its name (the ID when it cannot be found) */
    public static String render(JsonNode s, Instant now, Function<String, String> networkName) {
        StringBuilder sb = new StringBuilder();
        JsonNode spec = s.path("Spec");
        JsonNode task = spec.path("TaskTemplate");
        JsonNode c = task.path("ContainerSpec");
        sb.append("\nID:\t\t").append(s.path("ID").asText(""));
        sb.append("\nName:\t\t").append(spec.path("Name").asText(""));
        Map<String, String> labels = new TreeMap<>(JsonTrees.map(spec.path("Labels")));
        if (!labels.isEmpty()) {
            sb.append("\nLabels:");
            labels.forEach((k, v) -> sb.append("\n ").append(k).append(v.isEmpty() ? "" : "=" + v));
        }
        sb.append("\nService Mode:");
        JsonNode mode = spec.path("Mode");
        if (mode.path("Global").isObject()) {
            sb.append("\tGlobal");
        } else if (mode.path("Replicated").isObject()) {
            sb.append("\tReplicated");
            if (mode.path("Replicated").hasNonNull("Replicas")) {
                sb.append("\n Replicas:\t").append(mode.path("Replicated").path("Replicas").asLong());
            }
        }
        JsonNode us = s.path("UpdateStatus");
        if (us.isObject() && !us.path("State").asText("").isEmpty()) {
            sb.append("\nUpdateStatus:\n State:\t\t").append(us.path("State").asText(""));
            Instant started = Text.instant(us.path("StartedAt").asText(""));
            if (started != null) {
                sb.append("\n Started:\t").append(Text.ago(started, now));
            }
            Instant completed = Text.instant(us.path("CompletedAt").asText(""));
            if (us.path("State").asText("").equals("completed") && completed != null) {
                sb.append("\n Completed:\t").append(Text.ago(completed, now));
            }
            sb.append("\n Message:\t").append(us.path("Message").asText(""));
        }
        JsonNode placement = task.path("Placement");
        sb.append("\nPlacement:");
        List<String> constraints = JsonTrees.stringList(placement.get("Constraints"));
        if (!constraints.isEmpty()) {
            sb.append("\n Constraints:\t").append(goSlice(constraints));
        }
        List<String> prefs = new ArrayList<>();
        placement.path("Preferences").forEach(p -> {
            if (p.path("Spread").isObject()) {
                prefs.add("spread=" + p.path("Spread").path("SpreadDescriptor").asText(""));
            }
        });
        if (!prefs.isEmpty()) {
            sb.append("\n Preferences:   ").append(goSlice(prefs));
        }
        long maxReplicas = placement.path("MaxReplicas").asLong(0);
        if (maxReplicas != 0) {
            sb.append("\n Max Replicas Per Node:   ").append(maxReplicas);
        }
        updateConfig(sb, spec.path("UpdateConfig"), "UpdateConfig:", " Update order:      ");
        updateConfig(sb, spec.path("RollbackConfig"), "RollbackConfig:", " Rollback order:    ");
        sb.append("\nContainerSpec:\n Image:\t\t").append(c.path("Image").asText(""));
        words(sb, "\n Args:\t\t", JsonTrees.stringList(c.get("Args")));
        words(sb, "\n Env:\t\t", JsonTrees.stringList(c.get("Env")));
        if (!c.path("Dir").asText("").isEmpty()) {
            sb.append("\n Dir:\t\t").append(c.path("Dir").asText(""));
        }
        if (c.hasNonNull("Init")) {
            sb.append("\n Init:\t\t").append(c.path("Init").asBoolean(false));
        }
        if (!c.path("User").asText("").isEmpty()) {
            sb.append("\n User: ").append(c.path("User").asText(""));
        }
        List<String> capAdd = JsonTrees.stringList(c.get("CapabilityAdd"));
        List<String> capDrop = JsonTrees.stringList(c.get("CapabilityDrop"));
        if (!capAdd.isEmpty() || !capDrop.isEmpty()) {
            sb.append("\nCapabilities:");
            if (!capAdd.isEmpty()) {
                sb.append("\n Add: ").append(String.join(", ", capAdd));
            }
            if (!capDrop.isEmpty()) {
                sb.append("\n Drop: ").append(String.join(", ", capDrop));
            }
        }
        Map<String, String> sysctls = new TreeMap<>(JsonTrees.map(c.path("Sysctls")));
        if (!sysctls.isEmpty()) {
            sb.append("\nSysCtls:");
            sysctls.forEach((k, v) -> sb.append("\n ").append(k).append(v.isEmpty() ? "" : ": " + v));
        }
        Map<String, String> ulimits = new TreeMap<>();
        c.path("Ulimits").forEach(u -> ulimits.put(u.path("Name").asText(""),
                u.path("Soft").asLong(0) + ":" + u.path("Hard").asLong(0)));
        if (!ulimits.isEmpty()) {
            sb.append("\nUlimits:");
            ulimits.forEach((k, v) -> sb.append("\n ").append(k).append(": ").append(v));
        }
        if (!c.path("Mounts").isEmpty()) {
            sb.append("\nMounts:");
        }
        c.path("Mounts").forEach(m -> sb.append("\n Target:\t").append(m.path("Target").asText(""))
                .append("\n  Source:\t").append(m.path("Source").asText(""))
                .append("\n  ReadOnly:\t").append(m.path("ReadOnly").asBoolean(false))
                .append("\n  Type:\t\t").append(m.path("Type").asText("")));
        files(sb, "Configs:", c.path("Configs"), "ConfigName");
        files(sb, "Secrets:", c.path("Secrets"), "SecretName");
        JsonNode log = task.path("LogDriver");
        if (log.isObject()) {
            sb.append("\nLog Driver:");
            if (!log.path("Name").asText("").isEmpty()) {
                sb.append("\n Name:\t\t").append(log.path("Name").asText(""));
            }
            Map<String, String> opts = new TreeMap<>(JsonTrees.map(log.path("Options")));
            if (!opts.isEmpty()) {
                sb.append("\n LogOpts:");
                opts.forEach((k, v) -> sb.append("\n  ").append(k).append(v.isEmpty() ? "" : ":       " + v));
            }
            sb.append('\n');
        }
        resources(sb, task.path("Resources"));
        List<String> networks = new ArrayList<>();
        task.path("Networks").forEach(n -> networks.add(networkName.apply(n.path("Target").asText(""))));
        if (!networks.isEmpty()) {
            sb.append("\nNetworks:");
            networks.forEach(n -> sb.append(' ').append(n));
            sb.append(' ');
        }
        sb.append("\nEndpoint Mode:\t").append(spec.path("EndpointSpec").path("Mode").asText(""));
        JsonNode ports = s.path("Endpoint").path("Ports");
        if (!ports.isEmpty()) {
            sb.append("\nPorts:");
            ports.forEach(p -> sb.append("\n PublishedPort = ").append(p.path("PublishedPort").asLong(0))
                    .append("\n  Protocol = ").append(p.path("Protocol").asText(""))
                    .append("\n  TargetPort = ").append(p.path("TargetPort").asLong(0))
                    .append("\n  PublishMode = ").append(p.path("PublishMode").asText("")));
            sb.append(' ');
        }
        JsonNode health = c.path("Healthcheck");
        if (health.isObject()) {
            sb.append("\n Healthcheck:\n  Interval = ").append(GoDuration.format(health.path("Interval").asLong(0)))
                    .append("\n  Retries = ").append(health.path("Retries").asLong(0))
                    .append("\n  StartPeriod =\t").append(GoDuration.format(health.path("StartPeriod").asLong(0)))
                    .append("\n  Timeout =\t").append(GoDuration.format(health.path("Timeout").asLong(0)));
            List<String> tests = JsonTrees.stringList(health.get("Test"));
            if (!tests.isEmpty()) {
                sb.append("\n  Tests:");
                tests.forEach(t -> sb.append("\n\t Test = ").append(t));
                sb.append(' ');
            }
        }
        return sb.append('\n').toString();
    }

    private static void updateConfig(StringBuilder sb, JsonNode u, String heading, String orderLabel) {
        if (!u.isObject()) {
            return;
        }
        sb.append('\n').append(heading).append("\n Parallelism:\t").append(u.path("Parallelism").asLong(0));
        long delay = u.path("Delay").asLong(0);
        if (delay > 0) {
            sb.append("\n Delay:\t\t").append(GoDuration.format(delay));
        }
        sb.append("\n On failure:\t").append(u.path("FailureAction").asText(""));
        long monitor = u.path("Monitor").asLong(0);
        if (monitor > 0) {
            sb.append("\n Monitoring Period: ").append(GoDuration.format(monitor));
        }
        sb.append("\n Max failure ratio: ").append(goNumber((float) u.path("MaxFailureRatio").asDouble(0)));
        sb.append('\n').append(orderLabel).append(u.path("Order").asText(""));
    }

    private static void words(StringBuilder sb, String label, List<String> words) {
        if (words.isEmpty()) {
            return;
        }
        sb.append(label);
        words.forEach(w -> sb.append(w).append(' '));
    }

    private static void files(StringBuilder sb, String heading, JsonNode refs, String nameField) {
        if (refs.isEmpty()) {
            return;
        }
        sb.append('\n').append(heading);
        refs.forEach(r -> sb.append("\n Target:\t").append(r.path("File").path("Name").asText(""))
                .append("\n  Source:\t").append(r.path(nameField).asText("")));
    }

    private static void resources(StringBuilder sb, JsonNode r) {
        if (r.isObject()) {
            sb.append("\nResources:");
            JsonNode res = r.path("Reservations");
            long resCpu = res.path("NanoCPUs").asLong(0);
            long resMem = res.path("MemoryBytes").asLong(0);
            if (resCpu > 0 || resMem > 0) {
                sb.append("\n Reservations:");
                if (resCpu > 0) {
                    sb.append("\n  CPU:\t\t").append(cpus(resCpu));
                }
                if (resMem != 0) {
                    sb.append("\n  Memory:\t").append(Units.bytesSize(resMem));
                }
            }
            JsonNode lim = r.path("Limits");
            long limCpu = lim.path("NanoCPUs").asLong(0);
            long limMem = lim.path("MemoryBytes").asLong(0);
            long limPids = lim.path("Pids").asLong(0);
            if (limCpu > 0 || limMem > 0 || limPids > 0) {
                sb.append("\n Limits:");
                if (limCpu > 0) {
                    sb.append("\n  CPU:\t\t").append(cpus(limCpu));
                }
                if (limMem != 0) {
                    sb.append("\n  Memory:\t").append(Units.bytesSize(limMem));
                }
            }
        }
        long pids = r.path("Limits").path("Pids").asLong(0);
        if (pids > 0) {
            sb.append("\n  PIDs:\t\t").append(pids);
        }
    }

    /** NanoCPUs as Go's {@code %v} of a float64 number of CPUs ("0.5", "2"). */
    private static String cpus(long nano) {
        return goNumber(nano / 1e9);
    }

    /** Go's {@code %v} of a float: the shortest text that reads back, no ".0" on whole numbers. */
    static String goNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e21) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    static String goNumber(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e21) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** A Go slice in {@code %v} form: {@code [a b c]}. */
    private static String goSlice(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }
}
