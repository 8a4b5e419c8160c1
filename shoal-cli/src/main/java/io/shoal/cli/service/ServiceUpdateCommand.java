package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.progress.ProgressLoop;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code shoal service update [OPTIONS] SERVICE}: {@code GET /services/X}, edit the spec, then
 * {@code POST /services/<ID>/update?registryAuthFrom=spec&version=N} (or {@code rollback=previous}
 * with {@code --rollback}), print the name, and follow convergence unless {@code -d}.
 */
@Command(name = "update", customSynopsis = "shoal service update [OPTIONS] SERVICE", description = "Update a service")
public final class ServiceUpdateCommand extends CliCommand {
    private static final Set<String> ALLOWED_WITH_ROLLBACK = Set.of("--rollback", "--detach", "--quiet", "--help");

    @Parameters(hidden = true)
    List<String> args;

    @Mixin
    ServiceFlags common;

    @Mixin
    UpdateFlags update;

    ServiceUpdateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireExactly(args, 1);
        String ref = args.get(0);
        JsonNode service = api().serviceInspect(ref, false);
        boolean rollback = Boolean.TRUE.equals(update.rollback);
        if (rollback) {
            for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!ALLOWED_WITH_ROLLBACK.contains(o.longestName())) {
                    throw new CliException("other flags may not be combined with --rollback");
                }
            }
        }
        ObjectNode serviceSpec = service.path("Spec") instanceof ObjectNode s ? s : JsonTrees.object();
        new ServiceSpecEditor(common, update, api(), ctx::env).apply(serviceSpec);
        ServiceSpecEditor.tagImage(serviceSpec);
        JsonNode response = api().serviceUpdate(service.path("ID").asText(ref),
                service.path("Version").path("Index").asLong(0), serviceSpec, "spec", rollback ? "previous" : null);
        response.path("Warnings").forEach(w -> err().println(w.asText()));
        out().println(ref);
        if (common.detach) {
            return;
        }
        ProgressLoop.followService(ctx, ref, common.quiet);
    }
}
