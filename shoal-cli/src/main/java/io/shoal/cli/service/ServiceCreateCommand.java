package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.progress.ProgressLoop;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code shoal service create [OPTIONS] IMAGE [COMMAND] [ARG...]}: {@code POST /services/create},
 * print the ID, then follow convergence unless {@code -d}.
 */
@Command(name = "create", customSynopsis = "shoal service create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        description = "Create a new service")
public final class ServiceCreateCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Mixin
    ServiceFlags common;

    @Mixin
    CreateFlags create;

    ServiceCreateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        ObjectNode spec = new ServiceSpecBuilder(common, create, api(), ctx::env)
                .build(args.get(0), args.subList(1, args.size()));
        JsonNode response = api().serviceCreate(spec);
        response.path("Warnings").forEach(w -> err().println(w.asText()));
        String id = response.path("ID").asText("");
        out().println(id);
        if (common.detach) {
            return;
        }
        ProgressLoop.followService(ctx, id, common.quiet);
    }
}
