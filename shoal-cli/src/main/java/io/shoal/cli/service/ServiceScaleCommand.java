package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.progress.ProgressLoop;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shoal service scale SERVICE=REPLICAS...}: per service {@code GET} then {@code POST update}
 * with the new count; then follows each scaled service unless {@code -d}. Failures are reported
 * together at the end.
 */
@Command(name = "scale", customSynopsis = "shoal service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]",
        description = "Scale one or multiple replicated services")
public final class ServiceScaleCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-d", "--detach"}, arity = "0..1",
            description = "Exit immediately instead of waiting for the service to converge")
    boolean detach;

    ServiceScaleCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0 || eq == arg.length() - 1) {
                throw new CliException("invalid scale specifier '" + arg + "'.\nSee '" + commandPath() + " --help'.\n\n"
                        + "Usage:  " + useLine(spec) + "\n\n" + spec.usageMessage().description()[0]);
            }
        }
        List<String> errors = new ArrayList<>();
        List<String> scaled = new ArrayList<>();
        for (String arg : args) {
            String service = arg.substring(0, arg.indexOf('='));
            String count = arg.substring(arg.indexOf('=') + 1);
            long replicas;
            try {
                replicas = Long.parseUnsignedLong(count);
            } catch (NumberFormatException e) {
                errors.add(service + ": invalid replicas value " + count + ": strconv.ParseUint: parsing \"" + count
                        + "\": invalid syntax");
                continue;
            }
            try {
                scale(service, replicas).forEach(w -> err().println(w));
            } catch (CliException e) {
                errors.add(service + ": " + e.getMessage());
                continue;
            }
            out().println(service + " scaled to " + Long.toUnsignedString(replicas));
            scaled.add(service);
        }
        if (!detach) {
            for (String service : scaled) {
                try {
                    ProgressLoop.followService(ctx, service, false);
                } catch (CliException e) {
                    errors.add(service + ": " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new CliException(String.join("\n", errors));
        }
    }

    private List<String> scale(String ref, long replicas) {
        JsonNode service = api().serviceInspect(ref, false);
        if (!(service.path("Spec") instanceof ObjectNode spec)) {
            throw new CliException("the daemon returned a service without a spec");
        }
        JsonNode mode = spec.path("Mode");
        if (mode.get("Replicated") instanceof ObjectNode r) {
            r.put("Replicas", replicas);
        } else if (mode.get("ReplicatedJob") instanceof ObjectNode j) {
            j.put("TotalCompletions", replicas);
        } else {
            throw new CliException("scale can only be used with replicated or replicated-job mode");
        }
        ServiceSpecEditor.tagImage(spec);
        JsonNode response = api().serviceUpdate(service.path("ID").asText(ref),
                service.path("Version").path("Index").asLong(0), spec, null, null);
        List<String> warnings = new ArrayList<>();
        response.path("Warnings").forEach(w -> warnings.add(w.asText()));
        return warnings;
    }
}
