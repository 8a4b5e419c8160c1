package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm update}: {@code GET /swarm}, merge the flags, {@code POST /swarm/update}. */
@Command(name = "update", customSynopsis = "shoal swarm update [OPTIONS]", description = "Update the swarm")
public final class SwarmUpdateCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--autolock", arity = "0..1", description = "Change manager autolocking setting (true|false)")
    Boolean autolock;

    @Mixin
    SwarmSpecFlags specFlags;

    SwarmUpdateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        if (autolock == null && !specFlags.any()) {
            // docker shows the help when no flag is given
            spec.commandLine().usage(out());
            return;
        }
        JsonNode swarm = api().swarmInspect();
        if (!(swarm.path("Spec") instanceof ObjectNode spec)) {
            throw new CliException("the daemon returned a swarm without a spec");
        }
        boolean before = spec.path("EncryptionConfig").path("AutoLockManagers").asBoolean(false);
        specFlags.mergeInto(spec, autolock, SwarmSpecFlags.trustRoot(swarm));
        boolean after = spec.path("EncryptionConfig").path("AutoLockManagers").asBoolean(false);
        api().swarmUpdate(swarm.path("Version").path("Index").asLong(0), spec, false, false, false);
        out().println("Swarm updated.");
        if (after && !before) {
            String key;
            try {
                key = api().swarmUnlockKey();
            } catch (CliException e) {
                throw new CliException("could not fetch unlock key: " + e.getMessage());
            }
            JoinInstructions.printUnlockCommand(out(), key);
        }
    }
}
