package io.shoal.cli.service;

import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code shoal service}. */
@Command(name = "service", customSynopsis = "shoal service COMMAND", description = "Manage Swarm services",
        subcommands = {ServiceCreateCommand.class, ServiceInspectCommand.class, ServiceLogsCommand.class,
                ServiceLsCommand.class, ServicePsCommand.class, ServiceRmCommand.class, ServiceRollbackCommand.class,
                ServiceScaleCommand.class, ServiceUpdateCommand.class})
public final class ServiceCommand extends GroupCommand {
    ServiceCommand(CliContext ctx) {
        super(ctx);
    }
}
