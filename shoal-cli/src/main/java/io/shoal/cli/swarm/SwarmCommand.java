package io.shoal.cli.swarm;

import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code shoal swarm}. */
@Command(name = "swarm", customSynopsis = "shoal swarm COMMAND", description = "Manage Swarm",
        subcommands = {SwarmCaCommand.class, SwarmInitCommand.class, SwarmJoinCommand.class,
                SwarmJoinTokenCommand.class, SwarmLeaveCommand.class, SwarmUnlockCommand.class,
                SwarmUnlockKeyCommand.class, SwarmUpdateCommand.class})
public final class SwarmCommand extends GroupCommand {
    SwarmCommand(CliContext ctx) {
        super(ctx);
    }
}
