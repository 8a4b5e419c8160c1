package io.shoal.cli.service;

import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shoal service rm SERVICE...}: {@code DELETE /services/X} each; failures reported together. */
@Command(name = "rm", aliases = "remove", customSynopsis = "shoal service rm SERVICE [SERVICE...]",
        description = "Remove one or more services")
public final class ServiceRmCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    ServiceRmCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        List<String> errors = new ArrayList<>();
        for (String id : args) {
            try {
                api().serviceRemove(id);
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
