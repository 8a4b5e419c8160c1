package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm join-token [-q] [--rotate] worker|manager}. */
@Command(name = "join-token", customSynopsis = "shoal swarm join-token [OPTIONS] (worker|manager)",
        description = "Manage join tokens")
public final class SwarmJoinTokenCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--rotate", arity = "0..1", description = "Rotate join token")
    boolean rotate;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Only display token")
    boolean quiet;

    SwarmJoinTokenCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireExactly(args, 1);
        String role = args.get(0);
        boolean worker = role.equals("worker");
        boolean manager = role.equals("manager");
        if (!worker && !manager) {
            throw new CliException("unknown role " + role);
        }
        if (rotate) {
            JsonNode swarm = api().swarmInspect();
            api().swarmUpdate(swarm.path("Version").path("Index").asLong(0), swarm.path("Spec"), worker, manager, false);
            if (!quiet) {
                out().print("Successfully rotated " + role + " join token.\n\n");
            }
        }
        JsonNode swarm = api().swarmInspect();
        if (quiet) {
            out().println(swarm.path("JoinTokens").path(worker ? "Worker" : "Manager").asText(""));
            return;
        }
        String nodeId = api().info().path("Swarm").path("NodeID").asText("");
        JoinInstructions.print(api(), out(), nodeId, worker, manager);
    }
}
