package io.shoal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.shoal.it.Services.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Containers that die or vanish behind Shoal's back, on the engine itself: their tasks fail and
 * new tasks replace them (restart policy "any"), while the daemon runs and across its restart.
 */
class ContainerFailureIT {
    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-fail").initialised();

    @Test
    void aKilledContainerIsReplaced() {
        Services services = new Services(node);
        String id = services.ok("service", "create", "--name", "victim", "--replicas", "2",
                "--restart-delay", "1s", "--stop-grace-period", "1s", IMAGE, "sleep", "1000").lines().get(0);
        List<String> before = services.runningContainers(id);
        assertThat(before).hasSize(2);

        CommandResult kill = node.engine().run("kill", before.get(0));
        assertThat(kill.ok()).as(kill.describe()).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> now = services.runningContainers(id);
            assertThat(now).hasSize(2).contains(before.get(1)).doesNotContain(before.get(0));
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(services.replicas("victim")).isEqualTo("2/2"));
        CommandResult ps = services.ok("service", "ps", "--format", "{{.Name}} {{.DesiredState}} {{.CurrentState}}", "victim");
        assertThat(ps.lines()).anySatisfy(l -> assertThat(l).contains("Shutdown Failed"));

        services.ok("service", "rm", "victim");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(services.allContainers(id)).isEmpty());
    }

    @Test
    void containersRemovedWhileTheDaemonIsDownAreReplacedAfterItsRestart() {
        Services services = new Services(node);
        String id = services.ok("service", "create", "--name", "orphan", "--replicas", "2",
                "--restart-delay", "1s", "--stop-grace-period", "1s", IMAGE, "sleep", "1000").lines().get(0);
        List<String> before = services.runningContainers(id);
        assertThat(before).hasSize(2);

        node.daemon().stop();
        List<String> rm = new java.util.ArrayList<>(List.of("rm", "-f"));
        rm.addAll(before);
        CommandResult removed = node.engine().run(rm.toArray(String[]::new));
        assertThat(removed.ok()).as(removed.describe()).isTrue();
        node.daemon().start();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> now = services.runningContainers(id);
            assertThat(now).hasSize(2).doesNotContainAnyElementsOf(before);
            assertThat(services.replicas("orphan")).isEqualTo("2/2");
        });

        services.ok("service", "rm", "orphan");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(services.allContainers(id)).isEmpty());
    }
}
