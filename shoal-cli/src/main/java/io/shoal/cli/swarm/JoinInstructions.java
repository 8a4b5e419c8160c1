package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.http.EngineApi;
import java.io.PrintStream;

/** The "run the following command" and unlock-key texts of {@code swarm init/join-token/unlock-key}. */
final class JoinInstructions {
    private JoinInstructions() {}

    /**
     * Reads the node (for its manager address) and the swarm (for the tokens); prints nothing when
     * the node is not a manager, as docker.
     */
    static void print(EngineApi api, PrintStream out, String nodeId, boolean worker, boolean manager) {
        JsonNode node = api.nodeInspect(nodeId);
        JsonNode swarm = api.swarmInspect();
        JsonNode status = node.path("ManagerStatus");
        if (!status.isObject()) {
            return;
        }
        String addr = status.path("Addr").asText("");
        JsonNode tokens = swarm.path("JoinTokens");
        if (worker) {
            out.print("To add a worker to this swarm, run the following command:\n\n    shoal swarm join --token "
                    + tokens.path("Worker").asText("") + " " + addr + "\n\n");
        }
        if (manager) {
            out.print("To add a manager to this swarm, run the following command:\n\n    shoal swarm join --token "
                    + tokens.path("Manager").asText("") + " " + addr + "\n\n");
        }
    }

    static void printUnlockCommand(PrintStream out, String unlockKey) {
        if (!unlockKey.isEmpty()) {
            out.print("To unlock a swarm manager after it restarts, run the `shoal swarm unlock`\n"
                    + "command and provide the following key:\n\n    " + unlockKey + "\n\n"
                    + "Remember to store this key in a password manager, since without it you\n"
                    + "will not be able to restart the manager.\n");
        }
    }
}
