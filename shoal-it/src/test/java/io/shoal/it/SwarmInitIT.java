package io.shoal.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A fresh node seen through the real docker CLI, before and after `docker swarm init`. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmInitIT {
    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-init");

    @Test
    @Order(1)
    void versionAndInfoBeforeInit() {
        CommandResult version = node.docker().run("version");
        assertThat(version.ok()).as(version.describe()).isTrue();
        assertThat(version.stdout()).contains("Client:").contains("Server:").contains("API version:");

        CommandResult info = node.docker().run("info");
        assertThat(info.ok()).as(info.describe()).isTrue();
        assertThat(info.stdout()).contains("Swarm: inactive");
    }

    @Test
    @Order(2)
    void swarmInitMakesTheNodeAManager() {
        CommandResult init = node.docker().run(node.swarmInitArgs());
        assertThat(init.ok()).as(init.describe()).isTrue();
        assertThat(init.stdout())
                .containsPattern("Swarm initialized: current node \\([0-9a-z]{25}\\) is now a manager\\.")
                .contains("docker swarm join --token SWMTKN-1-");

        CommandResult info = node.docker().run("info");
        assertThat(info.ok()).as(info.describe()).isTrue();
        assertThat(info.stdout()).contains("Swarm: active").contains("Is Manager: true");
    }

    @Test
    @Order(3)
    void nodeLsShowsThisNodeAsReadyLeader() {
        CommandResult ls = node.docker().run("node", "ls");
        assertThat(ls.ok()).as(ls.describe()).isTrue();
        assertThat(ls.lines()).as(ls.describe()).hasSize(2);
        assertThat(ls.lines().get(0)).startsWith("ID").contains("HOSTNAME").contains("MANAGER STATUS");
        assertThat(ls.lines().get(1))
                .matches("[0-9a-z]{25} \\*\\s+it-init\\s+Ready\\s+Active\\s+Leader.*");
    }

    @Test
    @Order(4)
    void secondInitIsRefused() {
        CommandResult again = node.docker().run(node.swarmInitArgs());
        assertThat(again.exitCode()).as(again.describe()).isNotZero();
        assertThat(again.stderr()).contains("This node is already part of a swarm");
    }
}
