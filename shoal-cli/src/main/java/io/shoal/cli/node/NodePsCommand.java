package io.shoal.cli.node;

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

/** {@code shoal node ps [NODE...]}: the tasks on nodes, the current node by default. */
@Command(name = "ps", customSynopsis = "shoal node ps [OPTIONS] [NODE...]",
        description = "List tasks running on one or more nodes, defaults to current node")
public final class NodePsCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--no-trunc", arity = "0..1", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--no-resolve", arity = "0..1", description = "Do not map IDs to Names")
    boolean noResolve;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = Converters.Filter.class,
            description = "Filter output based on conditions provided")
    List<String> filter;

    @Option(names = "--format", paramLabel = "string", description = "Pretty-print tasks using a Go template")
    String format;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Only display task IDs")
    boolean quiet;

    NodePsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        List<String> refs = args == null || args.isEmpty() ? List.of("self") : args;
        List<String> errors = new ArrayList<>();
        List<JsonNode> tasks = new ArrayList<>();
        for (String ref : refs) {
            try {
                JsonNode node = api().nodeInspect(NodeCommand.reference(api(), ref));
                Filters f = Filters.fromFlags(filter).add("node", node.path("ID").asText(""));
                tasks.addAll(api().taskList(f));
            } catch (CliException e) {
                errors.add(e.getMessage());
            }
        }
        if (errors.isEmpty() || !tasks.isEmpty()) {
            try {
                out().print(new TaskPrinter(new IdResolver(api(), noResolve), ctx.clock().instant())
                        .print(tasks, !noTrunc, quiet, format));
            } catch (CliException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new CliException(String.join("\n", errors));
        }
    }
}
