package io.shoal.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.shoal.it.StartFirstIT.query;
import static io.shoal.it.UpdateRollbackIT.SLEEPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health checks with the docker executor, through the real docker CLI: the image's HEALTHCHECK
 * (an image built FROM the test image), --health-cmd and --no-healthcheck. A task stays STARTING
 * until its container is healthy, so an update counts it as up only then; a container that never
 * gets healthy fails its task, and the restart policy replaces it.
 */
class HealthcheckIT {
    /** Healthy once /tmp/healthy exists: probed every second, unhealthy after 2 failures. */
    static final String HEALTHY_IMAGE = "shoal-it/health:updates";
    /** Becomes healthy after about two seconds. */
    static final String GETS_HEALTHY = "sleep 2; touch /tmp/healthy; " + SLEEPER;

    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-health").initialised();

    static Services services;

    @BeforeAll
    static void images() {
        services = new Services(node);
        UpdateRollbackIT.buildImage(node, HEALTHY_IMAGE,
                "HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD test -f /tmp/healthy");
    }

    @AfterAll
    static void removeImages() {
        node.engine().run("rmi", HEALTHY_IMAGE);
    }

    /** A task as the API shows it, with the engine's view of its container. */
    record TaskView(String id, String desired, String state, Instant timestamp, String err, String containerId) {
        String engine(String format) {
            CommandResult r = node.engine().run("inspect", "--format", format, containerId);
            assertThat(r.ok()).as(r.describe()).isTrue();
            return r.stdout().strip();
        }

        Instant containerStartedAt() {
            return Instant.parse(engine("{{.State.StartedAt}}"));
        }
    }

    static List<TaskView> tasks(String service) {
        HttpResult r = node.daemon().http().get("/v1.50/tasks?filters=" + query("{\"service\":{\"" + service + "\":true}}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<TaskView> out = new ArrayList<>();
        for (JsonNode t : r.json()) {
            JsonNode st = t.path("Status");
            out.add(new TaskView(t.path("ID").asText(), t.path("DesiredState").asText(), st.path("State").asText(),
                    Instant.parse(st.path("Timestamp").asText()), st.path("Err").asText(""),
                    st.path("ContainerStatus").path("ContainerID").asText("")));
        }
        return out;
    }

    static TaskView runningTask(String service) {
        List<TaskView> running = tasks(service).stream().filter(t -> t.desired().equals("running")).toList();
        assertThat(running).hasSize(1);
        return running.get(0);
    }

    @Test
    void theImagesHealthcheckHoldsTheTaskStartingUntilHealthyAlsoDuringAnUpdate() {
        services.ok("service", "create", "--name", "hi", "--stop-grace-period", "1s",
                HEALTHY_IMAGE, "sh", "-c", GETS_HEALTHY);
        TaskView first = runningTask("hi");
        assertThat(first.state()).isEqualTo("running");
        assertThat(first.engine("{{.State.Health.Status}}")).isEqualTo("healthy");
        assertThat(Duration.between(first.containerStartedAt(), first.timestamp()))
                .as("running only once healthy").isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        // start-first: the old task is shut down only once the new one is healthy (and so RUNNING)
        services.ok("service", "update", "--force", "--update-order", "start-first", "--update-monitor", "1s", "hi");
        TaskView second = runningTask("hi");
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(Duration.between(second.containerStartedAt(), second.timestamp()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        TaskView old = tasks("hi").stream().filter(t -> t.id().equals(first.id())).findFirst().orElseThrow();
        assertThat(old.state()).isIn("shutdown", "complete");
        assertThat(old.timestamp()).as("the old task stopped after the new one was healthy").isAfter(second.timestamp());
        services.ok("service", "rm", "hi");
    }

    @Test
    void healthCmdAndNoHealthcheck() {
        services.ok("service", "create", "--name", "hc", "--stop-grace-period", "1s",
                "--health-cmd", "test -f /tmp/ok", "--health-interval", "500ms", "--health-retries", "2",
                "--health-start-period", "10s",
                Services.IMAGE, "sh", "-c", "sleep 1; touch /tmp/ok; " + SLEEPER);
        TaskView hc = runningTask("hc");
        assertThat(hc.engine("{{json .Config.Healthcheck.Test}}")).isEqualTo("[\"CMD-SHELL\",\"test -f /tmp/ok\"]");
        assertThat(hc.engine("{{.State.Health.Status}}")).isEqualTo("healthy");
        assertThat(Duration.between(hc.containerStartedAt(), hc.timestamp())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        // the image's check is off: the container never creates /tmp/healthy and still runs, at once
        services.ok("service", "create", "--name", "nohc", "--stop-grace-period", "1s", "--no-healthcheck",
                HEALTHY_IMAGE, "sh", "-c", SLEEPER);
        TaskView off = runningTask("nohc");
        assertThat(off.state()).isEqualTo("running");
        assertThat(off.engine("{{json .Config.Healthcheck.Test}}")).isEqualTo("[\"NONE\"]");
        assertThat(off.engine("{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}")).isEqualTo("none");
        services.ok("service", "rm", "hc", "nohc");
    }

    @Test
    void aTaskThatNeverGetsHealthyFailsAndIsReplaced() {
        services.ok("service", "create", "-d", "--name", "nh", "--stop-grace-period", "1s", "--restart-delay", "1s",
                HEALTHY_IMAGE, "sh", "-c", SLEEPER);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            List<TaskView> all = tasks("nh");
            assertThat(all).anySatisfy(t -> {
                assertThat(t.state()).isEqualTo("failed");
                assertThat(t.err()).isEqualTo("task: container is unhealthy");
            });
            assertThat(all).as("replaced").hasSizeGreaterThanOrEqualTo(2);
        });
        assertThat(services.ok("service", "ps", "--format", "{{.CurrentState}} {{.Error}}", "nh").lines())
                .anySatisfy(l -> assertThat(l).startsWith("Failed ").endsWith("\"task: container is unhealthy\""));
        // no task of it ever got to RUNNING
        assertThat(tasks("nh")).noneSatisfy(t -> assertThat(t.state()).isEqualTo("running"));
        services.ok("service", "rm", "nh");
    }

    @Test
    void theProcessExecutorRunsHealthCommandsToo(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok");
        String cmd = "touch " + ok + "; " + SLEEPER;
        try (ShoalDaemonProcess proc = ShoalDaemonProcess.started(node.env(), ShoalDaemonProcess.Options.process("it-health-proc"))) {
            DockerCli docker = DockerCli.against(node.env(), proc.host());
            CommandResult init = docker.run("swarm", "init", "--listen-addr", proc.listenAddr(), "--advertise-addr", proc.listenAddr());
            assertThat(init.ok()).as(init.describe()).isTrue();
            CommandResult create = docker.run("service", "create", "--name", "ph", "--stop-grace-period", "1s",
                    "--restart-delay", "1s", "--health-cmd", "test -f " + ok, "--health-interval", "300ms",
                    "--health-retries", "2", "--health-start-period", "5s", "--no-resolve-image", "none", "sh", "-c", cmd);
            assertThat(create.ok()).as(create.describe()).isTrue();
            UnixHttp api = proc.http();
            List<JsonNode> first = tasksOf(api, "ph");
            assertThat(first).singleElement().satisfies(t -> assertThat(t.path("Status").path("State").asText()).isEqualTo("running"));
            String firstId = first.get(0).path("ID").asText();

            java.nio.file.Files.delete(ok); // the next probes fail: unhealthy, failed, replaced
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> all = tasksOf(api, "ph");
                JsonNode old = all.stream().filter(t -> t.path("ID").asText().equals(firstId)).findFirst().orElseThrow();
                assertThat(old.path("Status").path("State").asText()).isEqualTo("failed");
                assertThat(old.path("Status").path("Err").asText()).isEqualTo("task: container is unhealthy");
                assertThat(all).anySatisfy(t -> {
                    assertThat(t.path("ID").asText()).isNotEqualTo(firstId);
                    assertThat(t.path("Status").path("State").asText()).isEqualTo("running");
                });
            });
            docker.run("service", "rm", "ph");
        }
    }

    static List<JsonNode> tasksOf(UnixHttp api, String service) {
        HttpResult r = api.get("/v1.50/tasks?filters=" + query("{\"service\":{\"" + service + "\":true}}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    @Test
    void aHealthyTaskThatTurnsUnhealthyIsFailedAndReplaced() {
        String id = services.ok("service", "create", "--name", "hu", "--stop-grace-period", "1s", "--restart-delay", "1s",
                HEALTHY_IMAGE, "sh", "-c", GETS_HEALTHY).lines().get(0);
        TaskView first = runningTask("hu");
        CommandResult rm = node.engine().run("exec", first.containerId(), "rm", "/tmp/healthy");
        assertThat(rm.ok()).as(rm.describe()).isTrue();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            TaskView old = tasks("hu").stream().filter(t -> t.id().equals(first.id())).findFirst().orElseThrow();
            assertThat(old.state()).isEqualTo("failed");
            assertThat(old.err()).isEqualTo("task: container is unhealthy");
            TaskView next = runningTask("hu");
            assertThat(next.id()).isNotEqualTo(first.id());
            assertThat(next.state()).isEqualTo("running");
        });
        assertThat(services.runningContainers(id)).hasSize(1).doesNotContain(first.containerId());
        services.ok("service", "rm", "hu");
    }
}
