package io.shoal.cli.swarm;

import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm leave [--force]}: {@code POST /swarm/leave[?force=1]}. */
@Command(name = "leave", customSynopsis = "shoal swarm leave [OPTIONS]", description = "Leave the swarm")
public final class SwarmLeaveCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-f", "--force"}, arity = "0..1", description = "Force this node to leave the swarm, ignoring warnings")
    boolean force;

    SwarmLeaveCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        api().swarmLeave(force);
        out().println("Node left the swarm.");
    }
}
