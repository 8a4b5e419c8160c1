package io.shoal.cli.swarm;

import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code shoal swarm}. */
@Command(name = "swarm", customSynopsis = "shoal swarm COMMAND", description = "Manage Swarm",
        subcommands = {SwarmInitCommand.class, SwarmJoinCommand.class, SwarmJoinTokenCommand.class,
                SwarmUnlockKeyCommand.class, SwarmUpdateCommand.class, SwarmLeaveCommand.class,
                SwarmUnlockCommand.class, SwarmCaCommand.class})
public final class SwarmCommand extends GroupCommand {
    SwarmCommand(CliContext ctx) {
        super(ctx);
    }
}
