package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.progress.ProgressLoop;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal service rollback SERVICE}: {@code POST /services/<ID>/update?rollback=previous}, then follow. */
@Command(name = "rollback", customSynopsis = "shoal service rollback [OPTIONS] SERVICE",
        description = "Revert changes to a service's configuration")
public final class ServiceRollbackCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Suppress progress output")
    boolean quiet;

    @Option(names = {"-d", "--detach"}, arity = "0..1",
            description = "Exit immediately instead of waiting for the service to converge")
    boolean detach;

    ServiceRollbackCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireExactly(args, 1);
        ctx.requireApi("shoal service rollback", "1.31");
        String ref = args.get(0);
        JsonNode service = api().serviceInspect(ref, false);
        ServiceSpecEditor.tagImage(service.path("Spec"));
        JsonNode response = api().serviceUpdate(service.path("ID").asText(ref),
                service.path("Version").path("Index").asLong(0), service.path("Spec"), null, "previous");
        response.path("Warnings").forEach(w -> err().println(w.asText()));
        out().println(ref);
        if (detach) {
            return;
        }
        ProgressLoop.followService(ctx, ref, quiet);
    }
}
