package io.shoal.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.Converters;
import io.shoal.cli.http.Filters;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal node ls}: {@code GET /nodes}, then {@code /info} to mark the current node. */
@Command(name = "ls", aliases = "list", customSynopsis = "shoal node ls [OPTIONS]",
        description = "List nodes in the swarm")
public final class NodeLsCommand extends CliCommand {
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

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = Converters.Filter.class, description = "Filter output based on conditions provided")
    List<String> filter;

    NodeLsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        List<JsonNode> nodes = api().nodeList(Filters.fromFlags(filter));
        String self = "";
        if (!nodes.isEmpty() && !quiet) {
            self = api().info().path("Swarm").path("NodeID").asText("");
        }
        out().print(NodeTable.render(nodes, self, quiet, format));
    }
}
