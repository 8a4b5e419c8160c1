package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.NodeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStateTest {
    @Test
    void savesAndLoadsAtomically(@TempDir Path dir) throws Exception {
        assertThat(NodeState.load(dir)).isEmpty();
        NodeState s = new NodeState("abc", NodeRole.MANAGER, "0.0.0.0:2377", "10.0.0.5:2377", "0.0.0.0:2378");
        s.save(dir);
        assertThat(NodeState.load(dir)).contains(s);
        assertThat(Files.readString(dir.resolve("state.json"))).contains("\"NodeID\":\"abc\"").contains("\"Role\":\"manager\"");
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void deleteTreeRemovesEverythingAndToleratesAbsence(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("swarm/raft/x"));
        Files.writeString(root.resolve("f"), "data");
        AtomicFiles.deleteTree(dir.resolve("swarm"));
        assertThat(dir.resolve("swarm")).doesNotExist();
        AtomicFiles.deleteTree(dir.resolve("swarm"));
    }

    @Test
    void hostOfStripsThePort() {
        assertThat(SwarmNode.hostOf("10.0.0.5:2377")).isEqualTo("10.0.0.5");
        assertThat(SwarmNode.hostOf("[::1]:2377")).isEqualTo("::1");
        assertThat(SwarmNode.hostOf("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(SwarmNode.hostOf("")).isEmpty();
    }
}
