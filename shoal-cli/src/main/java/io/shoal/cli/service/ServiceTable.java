package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.format.ImageReference;
import io.shoal.cli.format.ListFormat;
import io.shoal.cli.format.NaturalOrder;
import io.shoal.cli.format.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code service ls} table: sorted by name, 12-character IDs, replicas from {@code ServiceStatus}. */
public final class ServiceTable {
    public static final String DEFAULT_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}";

    private ServiceTable() {}

    public static String render(List<JsonNode> services, boolean quiet, String format) {
        String f = format == null || format.isEmpty() || format.equals("table")
                ? (quiet ? "{{.ID}}" : DEFAULT_TABLE) : format;
        List<JsonNode> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparing(s -> s.path("Spec").path("Name").asText(""), NaturalOrder.INSTANCE));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode s : sorted) {
            rows.add(row(s));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("ID", "ID");
        header.put("Name", "NAME");
        header.put("Mode", "MODE");
        header.put("Replicas", "REPLICAS");
        header.put("Image", "IMAGE");
        header.put("Ports", "PORTS");
        return ListFormat.of(f).render(header, rows);
    }

    static Map<String, Object> row(JsonNode s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ID", Text.shortId(s.path("ID").asText("")));
        r.put("Name", s.path("Spec").path("Name").asText(""));
        r.put("Mode", mode(s.path("Spec").path("Mode")));
        r.put("Replicas", replicas(s));
        r.put("Image", ImageReference.withoutDigest(s.path("Spec").path("TaskTemplate").path("ContainerSpec")
                .path("Image").asText("")));
        r.put("Ports", ports(s.path("Endpoint").path("Ports")));
        return r;
    }

    static String mode(JsonNode mode) {
        if (mode.path("Global").isObject()) {
            return "global";
        }
        if (mode.path("Replicated").isObject()) {
            return "replicated";
        }
        if (mode.path("ReplicatedJob").isObject()) {
            return "replicated job";
        }
        if (mode.path("GlobalJob").isObject()) {
            return "global job";
        }
        return "";
    }

    static String replicas(JsonNode s) {
        JsonNode status = s.path("ServiceStatus");
        long running = status.path("RunningTasks").asLong(0);
        long desired = status.path("DesiredTasks").asLong(0);
        long completed = status.path("CompletedTasks").asLong(0);
        JsonNode mode = s.path("Spec").path("Mode");
        if (mode.path("ReplicatedJob").isObject()) {
            return running + "/" + desired + " (" + completed + "/" + mode.path("ReplicatedJob").path("TotalCompletions")
                    .asLong(0) + " completed)";
        }
        if (mode.path("GlobalJob").isObject()) {
            return running + "/" + desired + " (" + completed + "/" + (desired + completed) + " completed)";
        }
        long max = s.path("Spec").path("TaskTemplate").path("Placement").path("MaxReplicas").asLong(0);
        if (mode.path("Replicated").isObject() && !mode.path("Global").isObject() && max > 0) {
            return running + "/" + desired + " (max " + max + " per node)";
        }
        return running + "/" + desired;
    }

    /** Published ingress ports, consecutive ones folded into ranges ({@code *:8080-8081->80-81/tcp}). */
    static String ports(JsonNode portsNode) {
        if (!portsNode.isArray()) {
            return "";
        }
        List<JsonNode> ports = new ArrayList<>();
        portsNode.forEach(ports::add);
        ports.sort(Comparator.<JsonNode, String>comparing(p -> p.path("Protocol").asText(""))
                .thenComparingLong(p -> p.path("PublishedPort").asLong(0)));
        List<String> out = new ArrayList<>();
        long pStart = 0;
        long pEnd = 0;
        long tStart = 0;
        long tEnd = 0;
        String protocol = "";
        for (JsonNode p : ports) {
            if (!p.path("PublishMode").asText("").equals("ingress")) {
                continue;
            }
            long published = p.path("PublishedPort").asLong(0);
            long target = p.path("TargetPort").asLong(0);
            String proto = p.path("Protocol").asText("");
            boolean isRange = tEnd != tStart;
            boolean overlaps = target <= tEnd;
            // Go compares uint32 differences: a smaller port wraps around and never continues a range
            if (!proto.equals(protocol) || u32(published - pEnd) > 1 || u32(target - tEnd) > 1 || (isRange && overlaps)) {
                if (pStart > 0) {
                    out.add(range(pStart, pEnd, tStart, tEnd, protocol));
                }
                pStart = published;
                pEnd = published;
                tStart = target;
                tEnd = target;
                protocol = proto;
                continue;
            }
            pEnd = published;
            tEnd = target;
        }
        if (pStart > 0) {
            out.add(range(pStart, pEnd, tStart, tEnd, protocol));
        }
        return String.join(", ", out);
    }

    private static long u32(long v) {
        return v & 0xffffffffL;
    }

    private static String range(long pStart, long pEnd, long tStart, long tEnd, String protocol) {
        String pub = pEnd > pStart ? pStart + "-" + pEnd : Long.toString(pStart);
        String tgt = tEnd > tStart ? tStart + "-" + tEnd : Long.toString(tStart);
        return "*:" + pub + "->" + tgt + "/" + protocol;
    }
}
