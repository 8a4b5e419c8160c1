package io.shoal.cli.swarm;

import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm unlock}: checks the node is locked, reads the key, {@code POST /swarm/unlock}. */
@Command(name = "unlock", customSynopsis = "shoal swarm unlock", description = "Unlock swarm")
public final class SwarmUnlockCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    SwarmUnlockCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        String state = api().info().path("Swarm").path("LocalNodeState").asText("");
        switch (state) {
            case "inactive" -> throw new CliException("Error: This node is not part of a swarm");
            case "pending", "active", "error" -> throw new CliException("Error: swarm is not locked");
            default -> { }
        }
        api().swarmUnlock(readKey());
    }

    private String readKey() {
        Console console = System.console();
        if (ctx.terminal().isTerminal() && console != null) {
            char[] key = console.readPassword("Enter unlock key: ");
            return key == null ? "" : new String(key);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line.strip();
        } catch (IOException e) {
            throw new CliException("cannot read the unlock key: " + e.getMessage());
        }
    }
}
