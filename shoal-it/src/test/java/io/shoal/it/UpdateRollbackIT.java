package io.shoal.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.shoal.it.Services.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rolling updates that fail, through the real docker CLI (and bin/shoal) against a Shoal daemon on
 * the docker executor: an image whose entrypoint exits 1 makes the update roll back (failure
 * action rollback) or pause (failure action pause) until the next update resumes it; manual
 * rollbacks; the progress display of both CLIs to its last line.
 */
class UpdateRollbackIT {
    /** An image built for these tests whose entrypoint fails at once. */
    static final String CRASH = "shoal-it/crash:updates";
    static final String IMAGE_V2 = "shoal-it/busybox:updates-v2";
    /** A command that ends at once on SIGTERM, so stop-first updates need no grace period. */
    static final String SLEEPER = "trap \"exit 0\" TERM; sleep 1000 & wait";
    static final String ROLLED_BACK = "rollback: update rolled back due to failure or early termination of task ";

    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-upd").initialised();

    static Services services;

    @BeforeAll
    static void images() {
        services = new Services(node);
        buildImage(node, CRASH, "ENTRYPOINT [\"sh\", \"-c\", \"echo crashing; exit 1\"]");
        CommandResult tag = node.engine().run("tag", IMAGE, IMAGE_V2);
        assertThat(tag.ok()).as(tag.describe()).isTrue();
    }

    @AfterAll
    static void removeImages() {
        node.engine().run("rmi", CRASH, IMAGE_V2);
    }

    /**
     * Builds {@code tag} on the test engine FROM the test image plus {@code instructions}, with the
     * classic builder (no network, no buildx), labelled as these tests' own.
     */
    static void buildImage(ShoalNode node, String tag, String instructions) {
        try {
            Path dir = Files.createTempDirectory("shoal-it-image-");
            Files.writeString(dir.resolve("Dockerfile"), "FROM " + IMAGE + "\nLABEL shoal.it=updates\n" + instructions + "\n",
                    StandardCharsets.UTF_8);
            CommandRunner docker = new CommandRunner(
                    List.of(node.env().dockerCli().toString(), "-H", node.env().engineHost()),
                    Map.of("DOCKER_BUILDKIT", "0", "DOCKER_CONFIG", dir.toString()),
                    List.of("DOCKER_HOST", "DOCKER_CONTEXT"), Duration.ofSeconds(120));
            CommandResult built = docker.run("build", "-q", "-t", tag, dir.toString());
            assertThat(built.ok()).as(built.describe()).isTrue();
            Files.delete(dir.resolve("Dockerfile"));
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The progress display got to its end: "verify: Service X converged", followed at most by the
     * "rollback: ..." line the CLI keeps for after the verification.
     */
    static void assertConverged(CommandResult r, String service) {
        List<String> lines = r.lines();
        int verify = lines.indexOf("verify: Service " + service + " converged");
        assertThat(verify).as(r.describe()).isNotNegative();
        assertThat(lines.subList(verify + 1, lines.size())).as(r.describe())
                .allSatisfy(l -> assertThat(l).startsWith("rollback: "));
    }

    static String inspect(String service, String format) {
        return services.ok("service", "inspect", "--format", format, service).stdout().strip();
    }

    static String updateState(String service) {
        return inspect(service, "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}");
    }

    @Test
    void anUpdateToAnImageThatFailsToStartRollsBackToThePreviousSpec() {
        String id = services.ok("service", "create", "--name", "rb", "--replicas", "3", "--stop-grace-period", "1s",
                "--update-failure-action", "rollback", "--update-monitor", "2s", "--rollback-monitor", "1s",
                IMAGE, "sh", "-c", SLEEPER).lines().get(0);
        String specBefore = inspect("rb", "{{json .Spec}}");

        CommandResult update = services.ok("service", "update", "--image", CRASH, "rb");
        assertThat(update.lines()).anySatisfy(l -> assertThat(l).startsWith(ROLLED_BACK))
                .anySatisfy(l -> assertThat(l).startsWith("overall progress: rolling back update: "));
        assertConverged(update, "rb");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(updateState("rb")).isEqualTo("rollback_completed"));
        assertThat(inspect("rb", "{{.UpdateStatus.Message}}")).isEqualTo("rollback completed");
        assertThat(inspect("rb", "{{json .Spec}}")).isEqualTo(specBefore);
        assertThat(inspect("rb", "{{json .PreviousSpec}}")).isEqualTo("null");
        assertThat(services.replicas("rb")).isEqualTo("3/3");
        assertThat(services.runningTasks("rb")).hasSize(3)
                .allSatisfy(t -> assertThat(t).matches("rb\\.[1-3] " + IMAGE + " Running .*"));
        List<String> running = services.runningContainers(id);
        assertThat(running).hasSize(3);
        for (String c : running) {
            assertThat(node.engine().run("inspect", "--format", "{{.Config.Image}}", c).stdout().strip()).isEqualTo(IMAGE);
        }
        // the failed task is in the history
        assertThat(services.ok("service", "ps", "--format", "{{.Image}} {{.CurrentState}} {{.Error}}", "rb").lines())
                .anySatisfy(l -> assertThat(l).startsWith(CRASH + " Failed").contains("task: non-zero exit (1)"));
        services.ok("service", "rm", "rb");
    }

    @Test
    void aFailedUpdatePausesAndTheNextUpdateResumesIt() {
        // The 3 s delay after each slot keeps the failure of the first slot's task ahead of the next slot.
        services.ok("service", "create", "--name", "pz", "--replicas", "3", "--stop-grace-period", "1s",
                "--update-failure-action", "pause", "--update-delay", "3s", "--update-monitor", "1s",
                IMAGE, "sh", "-c", SLEEPER);

        CommandResult update = services.docker().run("service", "update", "--image", CRASH, "pz");
        assertThat(update.exitCode()).as(update.describe()).isEqualTo(1);
        assertThat(update.stderr()).contains("service update paused: update paused due to failure or early termination of task ");
        assertThat(updateState("pz")).isEqualTo("paused");
        assertThat(inspect("pz", "{{.UpdateStatus.Message}}"))
                .startsWith("update paused due to failure or early termination of task ");

        // paused: nothing moves on; the other two slots keep the old image
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(updateState("pz")).isEqualTo("paused");
            assertThat(services.runningTasks("pz")).filteredOn(t -> t.contains(" " + IMAGE + " Running"))
                    .hasSize(2);
        });

        // the next update resumes: every slot ends on the new image
        CommandResult resume = services.ok("service", "update", "--update-delay", "0s", "--image", IMAGE_V2, "pz");
        assertConverged(resume, "pz");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(updateState("pz")).isEqualTo("completed"));
        assertThat(inspect("pz", "{{.UpdateStatus.Message}}")).isEqualTo("update completed");
        assertThat(services.runningTasks("pz")).hasSize(3)
                .allSatisfy(t -> assertThat(t).matches("pz\\.[1-3] " + IMAGE_V2 + " Running .*"));
        services.ok("service", "rm", "pz");
    }

    @Test
    void manualRollbacksWithTheDockerCliAndBinShoal() {
        services.ok("service", "create", "--name", "mr", "--replicas", "2", "--stop-grace-period", "1s",
                "--update-parallelism", "0", "--update-monitor", "1s",
                "--rollback-parallelism", "0", "--rollback-monitor", "1s", IMAGE, "sh", "-c", SLEEPER);
        ShoalCli shoal = node.shoal();

        CommandResult update = shoal.run("service", "update", "--image", IMAGE_V2, "mr");
        assertThat(update.ok()).as(update.describe()).isTrue();
        assertConverged(update, "mr");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(updateState("mr")).isEqualTo("completed"));

        CommandResult rollback = services.ok("service", "rollback", "mr");
        assertConverged(rollback, "mr");
        assertThat(rollback.lines()).contains("rollback: manually requested rollback")
                .anySatisfy(l -> assertThat(l).startsWith("overall progress: rolling back update: 2 out of 2 tasks"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(updateState("mr")).isEqualTo("rollback_completed"));
        assertThat(services.runningTasks("mr")).hasSize(2).allSatisfy(t -> assertThat(t).contains(" " + IMAGE + " Running"));

        // a rollback of the rollback: back on the image of the update
        CommandResult again = shoal.run("service", "rollback", "mr");
        assertThat(again.ok()).as(again.describe()).isTrue();
        assertThat(again.lines()).contains("rollback: manually requested rollback");
        assertConverged(again, "mr");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(updateState("mr")).isEqualTo("rollback_completed"));
        assertThat(services.runningTasks("mr")).hasSize(2).allSatisfy(t -> assertThat(t).contains(" " + IMAGE_V2 + " Running"));
        services.ok("service", "rm", "mr");
    }
}
