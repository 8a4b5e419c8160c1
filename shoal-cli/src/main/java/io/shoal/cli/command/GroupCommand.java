package io.shoal.cli.command;

import io.shoal.cli.CliException;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * A command that only holds subcommands ({@code shoal service}): alone it prints its help to
 * stderr, and an unknown subcommand is an error worded as docker's.
 */
public abstract class GroupCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    protected GroupCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        if (args != null && !args.isEmpty()) {
            throw new CliException(spec.root().name() + ": unknown command: " + commandPath() + " " + args.get(0)
                    + "\n\nUsage:  " + commandPath() + "\n\nRun '" + commandPath() + " --help' for more information");
        }
        spec.commandLine().usage(err());
    }
}
