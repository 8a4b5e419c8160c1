package io.shoal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.shoal.it.Services.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's daemon stops (SIGTERM, or SIGKILL) and starts again on the same data folder: the
 * swarm, its services and tasks come back from disk, and the agent re-adopts the containers
 * that kept running meanwhile instead of starting new ones.
 */
class DaemonRestartIT {
    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-restart").initialised();

    @Test
    void sigtermThenRestartKeepsObjectsAndContainers() {
        restartKeepsEverything("calm", false);
    }

    @Test
    void sigkillThenRestartKeepsObjectsAndContainers() {
        restartKeepsEverything("crash", true);
    }

    private void restartKeepsEverything(String name, boolean kill9) {
        Services services = new Services(node);
        String id = services.ok("service", "create", "--name", name, "--replicas", "3", "--stop-grace-period", "1s",
                IMAGE, "sleep", "1000").lines().get(0);
        List<String> containers = services.runningContainers(id);
        assertThat(containers).hasSize(3);
        List<String> tasks = services.ok("service", "ps", "-q", "--filter", "desired-state=running", name).lines();
        assertThat(tasks).hasSize(3);
        String nodeId = node.daemon().nodeId();

        if (kill9) {
            node.daemon().kill9();
        } else {
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal, as it should
            assertThat(node.daemon().stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
        // the containers do not depend on the daemon process
        assertThat(services.runningContainers(id)).isEqualTo(containers);

        node.daemon().start();
        // the API answers first; the node rejoins its swarm from disk (`Swarm: pending`) right after
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(services.ok("info").stdout())
                .contains("Swarm: active").contains("Is Manager: true").contains("NodeID: " + nodeId));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(services.replicas(name)).isEqualTo("3/3"));
        assertThat(services.ok("service", "ps", "-q", "--filter", "desired-state=running", name).lines())
                .containsExactlyInAnyOrderElementsOf(tasks);
        // re-adopted: still the very same containers, and no extra ones started
        assertThat(services.runningContainers(id)).isEqualTo(containers);
        assertThat(services.allContainers(id)).hasSize(3);

        services.ok("service", "rm", name);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(services.allContainers(id)).isEmpty());
    }
}
