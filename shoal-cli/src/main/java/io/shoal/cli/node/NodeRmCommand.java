package io.shoal.cli.node;

import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal node rm [--force] NODE...}: each removal is tried; failures are reported together. */
@Command(name = "rm", aliases = "remove", customSynopsis = "shoal node rm [OPTIONS] NODE [NODE...]",
        description = "Remove one or more nodes from the swarm")
public final class NodeRmCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-f", "--force"}, arity = "0..1", description = "Force remove a node from the swarm")
    boolean force;

    NodeRmCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        List<String> errors = new ArrayList<>();
        for (String id : args) {
            try {
                api().nodeRemove(id, force);
                out().println(id);
            } catch (CliException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new CliException(String.join("\n", errors));
        }
    }
}
