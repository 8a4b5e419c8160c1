package io.shoal.cli.node;

import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shoal node demote NODE...}: sets the role to worker (no request when it already is). */
@Command(name = "demote", customSynopsis = "shoal node demote NODE [NODE...]",
        description = "Demote one or more nodes from manager in the swarm")
public final class NodeDemoteCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    NodeDemoteCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        NodeUpdates.update(api(), args, (node, spec) -> {
            if (spec.path("Role").asText("").equals("worker")) {
                out().println("Node " + node.path("ID").asText("") + " is already a worker.");
                throw new NodeUpdates.NoChange();
            }
            spec.put("Role", "worker");
        }, ref -> out().println("Manager " + ref + " demoted in the swarm."));
    }
}
