package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.Converters;
import io.shoal.cli.http.Filters;
import io.shoal.cli.task.IdResolver;
import io.shoal.cli.task.TaskPrinter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shoal service ps SERVICE...}: resolves the services as docker does (list by ID and by
 * name, then exact ID, exact name, unique ID prefix), then lists their tasks, history included.
 */
@Command(name = "ps", customSynopsis = "shoal service ps [OPTIONS] SERVICE [SERVICE...]",
        description = "List the tasks of one or more services")
public final class ServicePsCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Only display task IDs")
    boolean quiet;

    @Option(names = "--no-trunc", arity = "0..1", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--no-resolve", arity = "0..1", description = "Do not map IDs to Names")
    boolean noResolve;

    @Option(names = "--format", paramLabel = "string", description = "Pretty-print tasks using a Go template")
    String format;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = Converters.Filter.class,
            description = "Filter output based on conditions provided")
    List<String> filter;

    ServicePsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        Filters f = Filters.fromFlags(filter);
        List<String> notFound = resolveServices(f);
        if (f.contains("node")) {
            for (String node : f.get("node")) {
                String ref = nodeReference(node);
                f.remove("node", node).add("node", ref);
            }
        }
        List<JsonNode> tasks = api().taskList(f);
        out().print(new TaskPrinter(new IdResolver(api(), noResolve), ctx.clock().instant())
                .print(tasks, !(noTrunc || quiet), quiet, format));
        if (!notFound.isEmpty()) {
            throw new CliException(String.join("\n", notFound));
        }
    }

    private List<String> resolveServices(Filters f) {
        Filters byId = Filters.of();
        Filters byName = Filters.of();
        args.forEach(s -> {
            byId.add("id", s);
            byName.add("name", s);
        });
        List<JsonNode> idMatches = api().serviceList(byId, false);
        List<JsonNode> nameMatches = api().serviceList(byName, false);
        List<String> notFound = new ArrayList<>();
        int found = 0;
        next:
        for (String s : args) {
            for (JsonNode svc : idMatches) {
                if (svc.path("ID").asText("").equals(s)) {
                    f.add("service", s);
                    found++;
                    continue next;
                }
            }
            for (JsonNode svc : nameMatches) {
                if (svc.path("Spec").path("Name").asText("").equals(s)) {
                    f.add("service", svc.path("ID").asText(""));
                    found++;
                    continue next;
                }
            }
            boolean prefix = false;
            for (JsonNode svc : idMatches) {
                if (svc.path("ID").asText("").startsWith(s)) {
                    if (prefix) {
                        throw new CliException("multiple services found with provided prefix: " + s);
                    }
                    f.add("service", svc.path("ID").asText(""));
                    found++;
                    prefix = true;
                }
            }
            if (!prefix) {
                notFound.add("no such service: " + s);
            }
        }
        if (found == 0) {
            throw new CliException(String.join("\n", notFound));
        }
        return notFound;
    }

    private String nodeReference(String ref) {
        if (!ref.equals("self")) {
            return ref;
        }
        String id = api().info().path("Swarm").path("NodeID").asText("");
        if (id.isEmpty()) {
            api().nodeList(Filters.of());
            throw new CliException("node ID not found in /info");
        }
        return id;
    }
}
