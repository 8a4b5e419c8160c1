package io.shoal.cli.node;

import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shoal node promote NODE...}: sets the role to manager (no request when it already is). */
@Command(name = "promote", customSynopsis = "shoal node promote NODE [NODE...]",
        description = "Promote one or more nodes to manager in the swarm")
public final class NodePromoteCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    NodePromoteCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        NodeUpdates.update(api(), args, (node, spec) -> {
            if (spec.path("Role").asText("").equals("manager")) {
                out().println("Node " + node.path("ID").asText("") + " is already a manager.");
                throw new NodeUpdates.NoChange();
            }
            spec.put("Role", "manager");
        }, ref -> out().println("Node " + ref + " promoted to a manager in the swarm."));
    }
}
