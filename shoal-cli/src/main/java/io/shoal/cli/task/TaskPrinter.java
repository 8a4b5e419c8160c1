package io.shoal.cli.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.format.ImageReference;
import io.shoal.cli.format.ListFormat;
import io.shoal.cli.format.NaturalOrder;
import io.shoal.cli.format.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The task table of {@code service ps} and {@code node ps}: tasks named {@code <service>.<slot>}
 * (or {@code .<node ID>} for global services), sorted naturally by name with the newest first
 * within a name, and older tasks of a name indented as {@code  \_ name}.
 */
public final class TaskPrinter {
    public static final String DEFAULT_TABLE =
            "table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}";
    private static final int MAX_ERROR = 30;
    private static final Map<String, String> HEADER = header();

    private final IdResolver resolver;
    private final Instant now;

    public TaskPrinter(IdResolver resolver, Instant now) {
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.now = Objects.requireNonNull(now, "now is null");
    }

    /**
     * @param format a {@code --format} value, or null for the default
     * @param trunc cut IDs, images and errors as docker does without {@code --no-trunc}
     */
    public String print(List<JsonNode> tasks, boolean trunc, boolean quiet, String format) {
        ListFormat f = ListFormat.of(format == null || format.isEmpty()
                ? (quiet ? "{{.ID}}" : DEFAULT_TABLE)
                : (quiet && format.equals("table") ? "{{.ID}}" : format.equals("table") ? DEFAULT_TABLE : format));
        record Named(JsonNode task, String name, Instant created) {}
        List<Named> named = new ArrayList<>();
        for (JsonNode t : tasks) {
            String service = resolver.service(t.path("ServiceID").asText(""));
            long slot = t.path("Slot").asLong(0);
            String name = service + "." + (slot != 0 ? Long.toString(slot) : t.path("NodeID").asText(""));
            named.add(new Named(t, name, Text.instant(t.path("CreatedAt").asText(""))));
        }
        named.sort(Comparator.comparing(Named::name, NaturalOrder.INSTANCE)
                .thenComparing(Named::created, Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
        List<Map<String, Object>> rows = new ArrayList<>();
        String previous = "";
        for (Named n : named) {
            String shown = f.isTable() && n.name().equals(previous) ? " \\_ " + n.name() : n.name();
            previous = n.name();
            rows.add(row(n.task(), shown, resolver.node(n.task().path("NodeID").asText("")), trunc));
        }
        return f.render(HEADER, rows);
    }

    private Map<String, Object> row(JsonNode t, String name, String node, boolean trunc) {
        Map<String, Object> r = new LinkedHashMap<>();
        String id = t.path("ID").asText("");
        r.put("ID", trunc ? Text.shortId(id) : id);
        r.put("Name", name);
        String image = t.path("Spec").path("ContainerSpec").path("Image").asText("");
        r.put("Image", trunc ? ImageReference.withoutDigest(image) : image);
        r.put("Node", node);
        r.put("DesiredState", Text.capitalizeFirst(t.path("DesiredState").asText("")));
        JsonNode status = t.path("Status");
        r.put("CurrentState", Text.capitalizeFirst(status.path("State").asText("")) + " "
                + Text.ago(Text.instant(status.path("Timestamp").asText("")), now).toLowerCase(java.util.Locale.ROOT));
        String err = status.path("Err").asText("");
        if (trunc) {
            err = Text.ellipsis(err, MAX_ERROR);
        }
        r.put("Error", err.isEmpty() ? "" : "\"" + err + "\"");
        List<String> ports = new ArrayList<>();
        status.path("PortStatus").path("Ports").forEach(p -> ports.add("*:" + p.path("PublishedPort").asLong(0) + "->"
                + p.path("TargetPort").asLong(0) + "/" + p.path("Protocol").asText("")));
        r.put("Ports", String.join(",", ports));
        return r;
    }

    private static Map<String, String> header() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ID", "ID");
        h.put("Name", "NAME");
        h.put("Image", "IMAGE");
        h.put("Node", "NODE");
        h.put("DesiredState", "DESIRED STATE");
        h.put("CurrentState", "CURRENT STATE");
        h.put("Error", "ERROR");
        h.put("Ports", "PORTS");
        return h;
    }
}
