package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm unlock-key [-q] [--rotate]}. */
@Command(name = "unlock-key", customSynopsis = "shoal swarm unlock-key [OPTIONS]", description = "Manage the unlock key")
public final class SwarmUnlockKeyCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--rotate", arity = "0..1", description = "Rotate unlock key")
    boolean rotate;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Only display token")
    boolean quiet;

    SwarmUnlockKeyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        if (rotate) {
            JsonNode swarm = api().swarmInspect();
            if (!swarm.path("Spec").path("EncryptionConfig").path("AutoLockManagers").asBoolean(false)) {
                throw new CliException("cannot rotate because autolock is not turned on");
            }
            api().swarmUpdate(swarm.path("Version").path("Index").asLong(0), swarm.path("Spec"), false, false, true);
            if (!quiet) {
                out().println("Successfully rotated manager unlock key.");
            }
        }
        String key;
        try {
            key = api().swarmUnlockKey();
        } catch (CliException e) {
            throw new CliException("could not fetch unlock key: " + e.getMessage());
        }
        if (key.isEmpty()) {
            throw new CliException("no unlock key is set");
        }
        if (quiet) {
            out().println(key);
            return;
        }
        JoinInstructions.printUnlockCommand(out(), key);
    }
}
