package io.shoal.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.format.ListFormat;
import io.shoal.cli.format.NaturalOrder;
import io.shoal.cli.format.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code node ls} table: full IDs, {@code *} on the current node, sorted by hostname. */
public final class NodeTable {
    public static final String DEFAULT_TABLE = "table {{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t"
            + "{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}";

    private NodeTable() {}

    /** @param selfId the current node's ID from {@code /info} ("" when unknown) */
    public static String render(List<JsonNode> nodes, String selfId, boolean quiet, String format) {
        String f = format == null || format.isEmpty() || format.equals("table")
                ? (quiet ? "{{.ID}}" : DEFAULT_TABLE) : format;
        List<JsonNode> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(n -> n.path("Description").path("Hostname").asText(""), NaturalOrder.INSTANCE));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode n : sorted) {
            rows.add(row(n, selfId));
        }
        return ListFormat.of(f).render(header(), rows);
    }

    static Map<String, Object> row(JsonNode n, String selfId) {
        Map<String, Object> r = new LinkedHashMap<>();
        String id = n.path("ID").asText("");
        r.put("ID", id);
        r.put("Self", id.equals(selfId));
        r.put("Hostname", n.path("Description").path("Hostname").asText(""));
        r.put("Status", Text.capitalizeFirst(n.path("Status").path("State").asText("")));
        r.put("Availability", Text.capitalizeFirst(n.path("Spec").path("Availability").asText("")));
        String reachability = "";
        JsonNode ms = n.path("ManagerStatus");
        if (ms.isObject()) {
            reachability = ms.path("Leader").asBoolean(false) ? "Leader" : ms.path("Reachability").asText("");
        }
        r.put("ManagerStatus", Text.capitalizeFirst(reachability));
        r.put("EngineVersion", n.path("Description").path("Engine").path("EngineVersion").asText(""));
        r.put("TLSStatus", "Unknown");
        return r;
    }

    private static Map<String, Object> header() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("ID", "ID");
        h.put("Self", "");
        h.put("Hostname", "HOSTNAME");
        h.put("Status", "STATUS");
        h.put("Availability", "AVAILABILITY");
        h.put("ManagerStatus", "MANAGER STATUS");
        h.put("EngineVersion", "ENGINE VERSION");
        h.put("TLSStatus", "TLS STATUS");
        return h;
    }
}
