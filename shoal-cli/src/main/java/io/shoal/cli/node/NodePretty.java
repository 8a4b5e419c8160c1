package io.shoal.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.format.Text;
import io.shoal.cli.format.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code node inspect --pretty}: docker's template, tabs and all. */
public final class NodePretty {
    private NodePretty() {}

    public static String render(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        sb.append("ID:\t\t\t").append(n.path("ID").asText(""));
        JsonNode spec = n.path("Spec");
        String name = spec.path("Name").asText("");
        if (!name.isEmpty()) {
            sb.append("\nName:\t\t\t").append(name);
        }
        labels(sb, "\nLabels:", spec.path("Labels"));
        JsonNode d = n.path("Description");
        sb.append("\nHostname:              \t").append(d.path("Hostname").asText(""));
        java.time.Instant created = Text.instant(n.path("CreatedAt").asText(""));
        sb.append("\nJoined at:             \t").append(Text.capitalizeFirst(
                Text.goTime(created == null ? java.time.Instant.parse("0001-01-01T00:00:00Z") : created)));
        JsonNode status = n.path("Status");
        sb.append("\nStatus:\n State:\t\t\t").append(Text.capitalizeFirst(status.path("State").asText("")));
        String message = status.path("Message").asText("");
        if (!message.isEmpty()) {
            sb.append("\n Message:              \t").append(Text.capitalizeFirst(message));
        }
        sb.append("\n Availability:         \t").append(Text.capitalizeFirst(spec.path("Availability").asText("")));
        String addr = status.path("Addr").asText("");
        if (!addr.isEmpty()) {
            sb.append("\n Address:\t\t").append(addr);
        }
        JsonNode ms = n.path("ManagerStatus");
        if (ms.isObject()) {
            sb.append("\nManager Status:\n Address:\t\t").append(ms.path("Addr").asText(""))
                    .append("\n Raft Status:\t\t").append(Text.capitalizeFirst(ms.path("Reachability").asText("")))
                    .append(ms.path("Leader").asBoolean(false) ? "\n Leader:\t\tYes" : "\n Leader:\t\tNo");
        }
        sb.append("\nPlatform:\n Operating System:\t").append(d.path("Platform").path("OS").asText(""))
                .append("\n Architecture:\t\t").append(d.path("Platform").path("Architecture").asText(""));
        long nanoCpus = d.path("Resources").path("NanoCPUs").asLong(0);
        long memory = d.path("Resources").path("MemoryBytes").asLong(0);
        sb.append("\nResources:\n CPUs:\t\t\t").append(nanoCpus / 1_000_000_000L)
                .append("\n Memory:\t\t").append(memory == 0 ? "" : Units.bytesSize(memory));
        JsonNode engine = d.path("Engine");
        Map<String, List<String>> plugins = new TreeMap<>();
        engine.path("Plugins").forEach(p -> plugins.computeIfAbsent(p.path("Type").asText(""), k -> new ArrayList<>())
                .add(p.path("Name").asText("")));
        if (!plugins.isEmpty()) {
            sb.append("\nPlugins:");
            plugins.forEach((type, names) -> {
                String joined = String.join(", ", names);
                sb.append("\n ").append(type).append(':');
                if (!joined.isEmpty()) {
                    sb.append("\t\t").append(joined);
                }
            });
        }
        sb.append("\nEngine Version:\t\t").append(engine.path("EngineVersion").asText(""));
        labels(sb, "\nEngine Labels:", engine.path("Labels"));
        JsonNode tls = d.path("TLSInfo");
        if (hasAny(tls)) {
            sb.append("\nTLS Info:\n TrustRoot:\n").append(tls.path("TrustRoot").asText(""))
                    .append("\n Issuer Subject:\t").append(tls.path("CertIssuerSubject").asText(""))
                    .append("\n Issuer Public Key:\t").append(tls.path("CertIssuerPublicKey").asText(""));
        }
        return sb.toString();
    }

    private static void labels(StringBuilder sb, String heading, JsonNode labels) {
        Map<String, String> sorted = new TreeMap<>(JsonTrees.map(labels));
        if (sorted.isEmpty()) {
            return;
        }
        sb.append(heading);
        sorted.forEach((k, v) -> sb.append("\n - ").append(k).append(v.isEmpty() ? "" : "=" + v));
    }

    private static boolean hasAny(JsonNode tls) {
        if (!tls.isObject()) {
            return false;
        }
        for (String f : List.of("TrustRoot", "CertIssuerSubject", "CertIssuerPublicKey")) {
            if (tls.hasNonNull(f)) {
                return true;
            }
        }
        return false;
    }
}
