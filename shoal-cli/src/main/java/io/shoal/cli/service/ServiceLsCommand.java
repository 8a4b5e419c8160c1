package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.Converters;
import io.shoal.cli.http.EngineApi;
import io.shoal.cli.http.Filters;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal service ls}: {@code GET /services?status=true} ({@code -q}: without status). */
@Command(name = "ls", aliases = "list", customSynopsis = "shoal service ls [OPTIONS]", description = "List services")
public final class ServiceLsCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Only display IDs")
    boolean quiet;

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template:\n"
            + "'table':            Print output in table format with column headers (default)\n"
            + "'table TEMPLATE':   Print output in table format using the given Go template\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template")
    String format;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = Converters.Filter.class,
            description = "Filter output based on conditions provided")
    List<String> filter;

    ServiceLsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        List<JsonNode> services = api().serviceList(Filters.fromFlags(filter), !quiet);
        if (!quiet) {
            appendStatus(api(), services);
        }
        out().print(ServiceTable.render(services, quiet, format));
    }

    /**
     * docker's {@code AppendServiceStatus}: a daemon that did not fill in {@code ServiceStatus} gets
     * it counted from the tasks (running on nodes that are not down) and the nodes.
     */
    static void appendStatus(EngineApi api, List<JsonNode> services) {
        Map<String, long[]> counts = new HashMap<>();
        Filters tasksOf = Filters.of();
        for (JsonNode s : services) {
            if (s.path("ServiceStatus").isObject() || !(s instanceof ObjectNode o)) {
                continue;
            }
            JsonNode mode = s.path("Spec").path("Mode");
            String id = s.path("ID").asText("");
            if (mode.path("Replicated").isObject()) {
                ObjectNode st = o.putObject("ServiceStatus");
                st.put("RunningTasks", 0);
                st.put("DesiredTasks", mode.path("Replicated").path("Replicas").asLong(0));
                st.put("CompletedTasks", 0);
                counts.put(id, new long[] {0, 0});
                tasksOf.add("service", id);
            } else if (mode.path("Global").isObject()) {
                ObjectNode st = o.putObject("ServiceStatus");
                st.put("RunningTasks", 0);
                st.put("DesiredTasks", 0);
                st.put("CompletedTasks", 0);
                counts.put(id, new long[] {0, 0});
                tasksOf.add("service", id);
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        List<JsonNode> tasks = api.taskList(tasksOf);
        if (tasks.isEmpty()) {
            return;
        }
        Set<String> active = new HashSet<>();
        for (JsonNode n : api.nodeList(Filters.of())) {
            if (!n.path("Status").path("State").asText("").equals("down")) {
                active.add(n.path("ID").asText(""));
            }
        }
        for (JsonNode t : tasks) {
            long[] c = counts.get(t.path("ServiceID").asText(""));
            if (c == null) {
                continue;
            }
            if (!t.path("DesiredState").asText("").equals("shutdown")) {
                c[1]++;
            }
            if (active.contains(t.path("NodeID").asText("")) && t.path("Status").path("State").asText("").equals("running")) {
                c[0]++;
            }
        }
        for (JsonNode s : services) {
            long[] c = counts.get(s.path("ID").asText(""));
            if (c != null && s.path("ServiceStatus") instanceof ObjectNode st) {
                st.put("RunningTasks", c[0]);
                st.put("DesiredTasks", c[1]);
            }
        }
    }
}
