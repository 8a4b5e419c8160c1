package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.format.Text;
import io.shoal.cli.http.EngineApi;
import io.shoal.cli.task.IdResolver;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one log frame ({@code [<timestamp> ]<details> <message>}) into docker's
 * {@code <service>.<slot>.<task>@<node>    | <message>}; the details must carry the node,
 * service and task IDs, which are looked up once each.
 */
public final class LogLineFormatter {
    private static final String NODE_ID = "com.docker.swarm.node.id";
    private static final String SERVICE_ID = "com.docker.swarm.service.id";
    private static final String TASK_ID = "com.docker.swarm.task.id";

    private record Context(String nodeId, String serviceId, String taskId) {}

    private final EngineApi api;
    private final IdResolver resolver;
    private final boolean timestamps;
    private final boolean details;
    private final boolean noTaskIds;
    private final boolean noTrunc;
    private final int padding;
    private final Map<Context, String> prefixes = new HashMap<>();

    /** @param padding the digits of the highest slot, to line up the bars of slots 1 and 10 */
    public LogLineFormatter(EngineApi api, IdResolver resolver, boolean timestamps, boolean details, boolean noTaskIds,
            boolean noTrunc, int padding) {
        this.api = api;
        this.resolver = resolver;
        this.timestamps = timestamps;
        this.details = details;
        this.noTaskIds = noTaskIds;
        this.noTrunc = noTrunc;
        this.padding = padding;
    }

    public String format(byte[] frame) {
        String line = new String(frame, StandardCharsets.UTF_8);
        int parts = timestamps ? 3 : 2;
        String[] split = line.split(" ", parts);
        if (split.length != parts) {
            throw new CliException("invalid context in log message: " + line);
        }
        int detailsIndex = timestamps ? 1 : 0;
        Map<String, String> fields = parseDetails(split[detailsIndex]);
        Context context = context(fields);
        StringBuilder out = new StringBuilder();
        if (timestamps) {
            out.append(split[0]).append(' ');
        }
        out.append(prefix(context)).append("    | ");
        if (details) {
            List<String> d = new ArrayList<>();
            new TreeMap<>(fields).forEach((k, v) -> d.add(k + "=" + v));
            out.append(String.join(",", d)).append(' ');
        }
        out.append(split[detailsIndex + 1]);
        return out.toString();
    }

    /** {@code k=v,k=v}, URL-query-escaped, as the daemon sends log details. */
    static Map<String, String> parseDetails(String details) {
        Map<String, String> out = new HashMap<>();
        for (String pair : details.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliException("invalid details format");
            }
            try {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new CliException("invalid details format: " + e.getMessage());
            }
        }
        return out;
    }

    private static Context context(Map<String, String> fields) {
        String node = fields.remove(NODE_ID);
        if (node == null) {
            throw new CliException("missing node id in details: " + goMap(fields));
        }
        String service = fields.remove(SERVICE_ID);
        if (service == null) {
            throw new CliException("missing service id in details: " + goMap(fields));
        }
        String task = fields.remove(TASK_ID);
        if (task == null) {
            throw new CliException("missing task id in details: " + goMap(fields));
        }
        return new Context(node, service, task);
    }

    private String prefix(Context c) {
        String cached = prefixes.get(c);
        if (cached != null) {
            return cached;
        }
        String node = resolver.node(c.nodeId());
        String service = resolver.service(c.serviceId());
        JsonNode task = api.taskInspect(c.taskId());
        long slot = task.path("Slot").asLong(0);
        String taskId = task.path("ID").asText("");
        String name = service + "." + slot;
        if (!noTaskIds) {
            name += "." + (noTrunc ? taskId : Text.shortId(taskId));
        }
        int pad = padding - Long.toString(slot).length();
        String formatted = name + "@" + node + (pad > 0 ? " ".repeat(pad) : "");
        prefixes.put(c, formatted);
        return formatted;
    }

    private static String goMap(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("map[");
        new TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() > 4 ? " " : "").append(k).append(':').append(v));
        return sb.append(']').toString();
    }
}
