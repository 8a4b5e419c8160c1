package io.shoal.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.GroupCommand;
import io.shoal.cli.http.EngineApi;
import io.shoal.cli.http.Filters;
import picocli.CommandLine.Command;

/** {@code shoal node}. */
@Command(name = "node", customSynopsis = "shoal node COMMAND", description = "Manage Swarm nodes",
        subcommands = {NodeDemoteCommand.class, NodeInspectCommand.class, NodeLsCommand.class,
                NodePromoteCommand.class, NodeRmCommand.class, NodePsCommand.class, NodeUpdateCommand.class})
public final class NodeCommand extends GroupCommand {
    NodeCommand(CliContext ctx) {
        super(ctx);
    }

    /** {@code self} means the node the daemon runs on ({@code /info}); other text is used as given. */
    static String reference(EngineApi api, String ref) {
        if (!ref.equals("self")) {
            return ref;
        }
        JsonNode info = api.info();
        String id = info.path("Swarm").path("NodeID").asText("");
        if (id.isEmpty()) {
            // the node list gives the real reason (not a manager, not in a swarm)
            api.nodeList(Filters.of());
            throw new CliException("node ID not found in /info");
        }
        return id;
    }
}
