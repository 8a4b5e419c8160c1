package io.shoal.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.shoal.it.Services.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The main flows through Shoal's own CLI, bin/shoal, as a user runs it from a checkout. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShoalCliIT {
    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-cli");

    private CommandResult shoal(String... args) {
        CommandResult r = node.shoal().run(args);
        assertThat(r.ok()).as(r.describe()).isTrue();
        return r;
    }

    @Test
    @Order(1)
    void swarmInitAndNodeLs() {
        assertThat(shoal("version").stdout()).contains("Server:");
        String addr = node.daemon().listenAddr();
        assertThat(shoal("swarm", "init", "--listen-addr", addr, "--advertise-addr", addr).stdout())
                .containsPattern("Swarm initialized: current node \\([0-9a-z]{25}\\) is now a manager\\.");
        assertThat(shoal("info").stdout()).contains("Swarm: active").contains("Is Manager: true");
        CommandResult ls = shoal("node", "ls");
        assertThat(ls.lines()).hasSize(2);
        assertThat(ls.lines().get(1)).matches("[0-9a-z]{25} \\*\\s+it-cli\\s+Ready\\s+Active\\s+Leader.*");
    }

    @Test
    @Order(2)
    void serviceCreateScaleUpdateRemove() {
        Services services = new Services(node);
        CommandResult tag = node.engine().run("tag", IMAGE, "shoal-test/busybox:cli");
        assertThat(tag.ok()).as(tag.describe()).isTrue();
        CommandResult create = shoal("service", "create", "--name", "api", "--replicas", "4",
                "--stop-grace-period", "1s", IMAGE, "sleep", "1000");
        String id = create.lines().get(0);
        assertThat(id).matches("[0-9a-z]{25}");
        assertThat(create.stdout()).contains("converged");
        assertThat(shoal("service", "ls").stdout()).containsPattern("\\s+api\\s+replicated\\s+4/4\\s+" + IMAGE);
        assertThat(shoal("service", "ps", "--filter", "desired-state=running", "api").lines())
                .filteredOn(l -> l.contains(" Running ")).hasSize(4);
        assertThat(services.runningContainers(id)).hasSize(4);
        // the docker CLI sees the same service
        assertThat(services.replicas("api")).isEqualTo("4/4");

        assertThat(shoal("service", "scale", "api=2").stdout()).contains("api scaled to 2");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(services.runningContainers(id)).hasSize(2));

        shoal("service", "update", "--image", "shoal-test/busybox:cli", "api");
        assertThat(shoal("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", "api")
                .stdout()).startsWith("shoal-test/busybox:cli");
        assertThat(shoal("service", "ps", "--filter", "desired-state=running", "--format", "{{.Image}} {{.CurrentState}}",
                "api").lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("shoal-test/busybox:cli Running"));

        assertThat(shoal("service", "rm", "api").stdout().strip()).isEqualTo("api");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(services.allContainers(id)).isEmpty());
    }

    @Test
    @Order(3)
    void unknownServiceIsAnError() {
        CommandResult r = node.shoal().run("service", "inspect", "nosuchservice");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("no such service: nosuchservice");
    }
}
