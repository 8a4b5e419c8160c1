package io.shoal.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.shoal.it.Services.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicated services end to end: the real docker CLI against a Shoal daemon process whose
 * docker executor runs real containers on the test Docker Engine.
 */
class ServiceLifecycleIT {
    static final String IMAGE_V2 = "shoal-test/busybox:v2";

    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-svc").initialised();

    static Services services;

    @BeforeAll
    static void images() {
        services = new Services(node);
        CommandResult tag = node.engine().run("tag", IMAGE, IMAGE_V2);
        assertThat(tag.ok()).as(tag.describe()).isTrue();
    }

    @Test
    void createScaleUpdateInspectRemove() {
        // create: waits for convergence like dockerd's swarm mode
        CommandResult create = services.ok("service", "create", "--name", "web", "--replicas", "6",
                "--stop-grace-period", "1s", IMAGE, "sleep", "1000");
        assertThat(create.lines().get(0)).matches("[0-9a-z]{25}");
        assertThat(create.stdout()).contains("converged");
        String id = create.lines().get(0);
        assertThat(services.id("web")).isEqualTo(id);

        CommandResult ls = services.ok("service", "ls");
        assertThat(ls.stdout()).containsPattern(id.substring(0, 12) + "\\s+web\\s+replicated\\s+6/6\\s+" + IMAGE);
        assertThat(services.runningTasks("web")).hasSize(6)
                .allSatisfy(t -> assertThat(t).matches("web\\.[1-6] " + IMAGE + " Running .*"));
        assertThat(services.runningContainers(id)).hasSize(6);

        // scale down: three containers go away
        CommandResult scale = services.ok("service", "scale", "web=3");
        assertThat(scale.stdout()).contains("web scaled to 3").contains("converged");
        assertThat(services.replicas("web")).isEqualTo("3/3");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(services.runningContainers(id)).hasSize(3));

        // rolling update to another image
        CommandResult update = services.ok("service", "update", "--image", IMAGE_V2, "web");
        assertThat(update.stdout()).contains("converged");
        assertThat(services.replicas("web")).isEqualTo("3/3");
        assertThat(services.runningTasks("web")).hasSize(3)
                .allSatisfy(t -> assertThat(t).matches("web\\.[1-3] " + IMAGE_V2 + " Running .*"));
        List<String> running = services.runningContainers(id);
        assertThat(running).hasSize(3);
        for (String c : running) {
            assertThat(node.engine().run("inspect", "--format", "{{.Config.Image}}", c).stdout().strip())
                    .isEqualTo(IMAGE_V2);
        }
        // the replaced tasks stay in the history, shut down
        CommandResult history = services.ok("service", "ps", "--format", "{{.Name}} {{.Image}} {{.DesiredState}}", "web");
        assertThat(history.lines()).anySatisfy(l -> assertThat(l).contains(IMAGE + " Shutdown"));

        CommandResult inspect = services.ok("service", "inspect", "web");
        assertThat(inspect.stdout()).contains("\"Name\": \"web\"").contains("\"Replicas\": 3")
                .contains("\"Image\": \"" + IMAGE_V2).contains("\"PreviousSpec\"");

        // remove: every container goes
        CommandResult rm = services.ok("service", "rm", "web");
        assertThat(rm.stdout().strip()).isEqualTo("web");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(services.allContainers(id)).isEmpty());
        CommandResult gone = services.docker().run("service", "inspect", "web");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).contains("no such service: web");
    }

    @Test
    void serviceLogsShowWhatTheTasksPrinted() {
        String id = services.ok("service", "create", "--name", "echo", "--replicas", "2", "--stop-grace-period", "1s",
                IMAGE, "sh", "-c", "echo hello-from-shoal; exec sleep 1000").lines().get(0);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            CommandResult logs = services.ok("service", "logs", "echo");
            assertThat(logs.lines()).filteredOn(l -> l.contains("hello-from-shoal")).hasSize(2)
                    .allSatisfy(l -> assertThat(l).matches("echo\\.[12]\\.[0-9a-z]{12}@it-svc\\s+\\| hello-from-shoal"));
        });
        services.ok("service", "rm", "echo");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(services.allContainers(id)).isEmpty());
    }

    @Test
    void badInputsGetClearErrors() {
        DockerCli docker = services.docker();

        CommandResult badName = docker.run("service", "create", "--name", "bad_name!", "-d", IMAGE);
        assertThat(badName.exitCode()).as(badName.describe()).isEqualTo(1);
        assertThat(badName.stderr()).startsWith("Error response from daemon:").containsIgnoringCase("name");

        // the docker CLI refuses a negative count itself, so send it as a raw API call
        HttpResult negative = node.daemon().http().post("/v1.50/services/create",
                "{\"Name\":\"neg\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\"}},"
                        + "\"Mode\":{\"Replicated\":{\"Replicas\":-1}}}");
        assertThat(negative.status()).as(negative.body()).isEqualTo(400);
        assertThat(negative.json().path("message").asText()).isNotBlank();
        CommandResult negativeCli = docker.run("service", "create", "--name", "neg", "--replicas", "-1", IMAGE);
        assertThat(negativeCli.exitCode()).isNotZero();

        CommandResult unknown = docker.run("service", "inspect", "nosuchservice");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no such service: nosuchservice");
        CommandResult rmUnknown = docker.run("service", "rm", "nosuchservice");
        assertThat(rmUnknown.exitCode()).isEqualTo(1);
        assertThat(rmUnknown.stderr()).contains("nosuchservice").containsIgnoringCase("not found");
        CommandResult scaleUnknown = docker.run("service", "scale", "nosuchservice=2");
        assertThat(scaleUnknown.exitCode()).isEqualTo(1);
        CommandResult noSuchId = docker.run("service", "ps", "zzzzzzzzzzzzzzzzzzzzzzzzz");
        assertThat(noSuchId.exitCode()).isEqualTo(1);
        assertThat(noSuchId.stderr()).contains("no such service: zzzzzzzzzzzzzzzzzzzzzzzzz");

        assertThat(services.ok("service", "ls", "-q", "--filter", "name=neg").lines()).as("nothing was created").isEmpty();
        assertThat(services.ok("service", "ls", "-q", "--filter", "name=bad_name").lines()).as("nothing was created").isEmpty();
    }

    @Test
    void anImageTheEngineCannotGetRejectsTheTask() {
        String id = services.ok("service", "create", "-d", "--name", "ghost", "--replicas", "1",
                "shoal-test/nope:latest", "sleep", "1000").lines().get(0);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            CommandResult ps = services.ok("service", "ps", "--no-trunc", "--format",
                    "{{.Name}}|{{.CurrentState}}|{{.Error}}", "ghost");
            assertThat(ps.lines()).anySatisfy(l -> assertThat(l)
                    .matches(".*ghost\\.1\\|Rejected .*\\|\".*shoal-test/nope.*\""));
        });
        assertThat(services.runningContainers(id)).isEmpty();
        services.ok("service", "rm", "ghost");
    }
}
