package io.shoal.cli.node;

import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal node update [--availability --role --label-add --label-rm] NODE}. */
@Command(name = "update", customSynopsis = "shoal node update [OPTIONS] NODE", description = "Update a node")
public final class NodeUpdateCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--role", paramLabel = "string", description = "Role of the node (\"worker\", \"manager\")")
    String role;

    @Option(names = "--availability", paramLabel = "string",
            description = "Availability of the node (\"active\", \"pause\", \"drain\")")
    String availability;

    @Option(names = "--label-add", paramLabel = "list", description = "Add or update a node label (\"key=value\")")
    List<String> labelAdd;

    @Option(names = "--label-rm", paramLabel = "list", description = "Remove a node label if exists")
    List<String> labelRm;

    NodeUpdateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireExactly(args, 1);
        String ref = args.get(0);
        NodeUpdates.update(api(), List.of(ref), NodeUpdates.merge(role, availability, labelAdd, labelRm),
                id -> out().println(ref));
    }
}
