package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One node's life driven by the real docker CLI, as a user would: version and info, swarm init,
 * services created, inspected, scaled, updated, rolled back, read and removed, bad input refused,
 * the daemon restarted with its containers re-adopted, and the swarm left. The docker executor runs
 * the tasks on the test Docker Engine (tools/dockerd-up.sh).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerCliIT {
    private static final String IMAGE = "shoal-test/busybox:latest";
    private static final String IMAGE_V2 = "shoal-test/busybox:v2";
    private static final Duration SLOW = Duration.ofSeconds(120);

    private DaemonProcess node;
    private String nodeId;

    @BeforeAll
    void startDaemon() {
        DaemonProcess.ensureEngine();
        node = new DaemonProcess("cli-node", List.of("--executor", "docker", "--docker-host", DaemonProcess.ENGINE));
        node.start();
    }

    @AfterAll
    void stopDaemon() {
        if (node != null) {
            node.docker("service", "rm", "web", "talker", "ghost");
            node.close();
        }
    }

    private Command.Result ok(String... args) {
        Command.Result r = node.docker(args);
        assertThat(r.exit()).as("%s\n--- daemon log tail:\n%s", r, tail(node.log())).isZero();
        return r;
    }

    private Command.Result fails(String... args) {
        Command.Result r = node.docker(args);
        assertThat(r.exit()).as(r.toString()).isNotZero();
        return r;
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Running containers of this node on the engine: ID and start time, by container name. */
    private Map<String, String> runningContainers() {
        Command.Result ids = node.engine("ps", "-q", "--no-trunc", "--filter", "label=com.docker.swarm.node.id=" + nodeId);
        assertThat(ids.ok()).as(ids.toString()).isTrue();
        Map<String, String> out = new TreeMap<>();
        for (String id : ids.lines()) {
            Command.Result r = node.engine("inspect", "--format", "{{.Name}} {{.Id}} {{.State.StartedAt}}", id);
            if (r.ok()) {
                String[] f = r.out().trim().split(" ", 2);
                out.put(f[0], f[1]);
            }
        }
        return out;
    }

    @Test
    @Order(10)
    void versionAndInfoBeforeInit() {
        Command.Result v = ok("version");
        assertThat(v.out()).contains("Server: Shoal").contains("API version:      1.50 (minimum version 1.24)");
        Command.Result info = ok("info");
        assertThat(info.out()).contains("Swarm: inactive").contains("OSType: linux").contains("Name: cli-node");
        Command.Result ls = fails("service", "ls");
        assertThat(ls.err()).contains("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\"");

        UnixHttp.Response ping = node.http().send("HEAD", "/_ping", null, null);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.header("Api-Version")).isEqualTo("1.50");
        assertThat(ping.header("Swarm")).isEqualTo("inactive");
        assertThat(ping.header("Server")).startsWith("Shoal/");
    }

    @Test
    @Order(20)
    void swarmInit() {
        Command.Result init = ok("swarm", "init");
        assertThat(init.out()).containsPattern("Swarm initialized: current node \\([0-9a-z]{25}\\) is now a manager\\.")
                .contains("docker swarm join --token SWMTKN-1-").contains("127.0.0.1:" + node.listenPort);
        nodeId = ok("info", "--format", "{{.Swarm.NodeID}}").out().trim();
        assertThat(nodeId).matches("[0-9a-z]{25}");

        assertThat(fails("swarm", "init").err()).contains("This node is already part of a swarm");
        Command.Result nodes = ok("node", "ls");
        assertThat(nodes.out()).containsPattern(nodeId + " \\*\\s+cli-node\\s+Ready\\s+Active\\s+Leader");
        assertThat(ok("info").out()).contains("Swarm: active").contains("Is Manager: true").contains("Managers: 1")
                .contains("Node Address: 127.0.0.1");
        assertThat(node.http().get("/_ping").header("Swarm")).isEqualTo("active/manager");
    }

    @Test
    @Order(30)
    void serviceCreateConverges() {
        Command.Result create = ok("service", "create", "--name", "web", "--replicas", "6", IMAGE, "sleep", "1000");
        assertThat(create.out().strip()).containsPattern("verify: Service (web|[0-9a-z]{25}) converged$");

        assertThat(ok("service", "ls").out()).containsPattern("web\\s+replicated\\s+6/6\\s+" + IMAGE);
        List<String> running = ok("service", "ps", "web", "--filter", "desired-state=running",
                "--format", "{{.Name}} {{.CurrentState}} {{.Node}}").lines();
        assertThat(running).hasSize(6).allMatch(l -> l.matches("web\\.[1-6] Running .* cli-node"));

        JsonNode inspect = json(ok("service", "inspect", "web").out()).get(0);
        assertThat(inspect.at("/Spec/Mode/Replicated/Replicas").asLong()).isEqualTo(6);
        assertThat(inspect.at("/Spec/UpdateConfig/FailureAction").asText()).isEqualTo("pause");
        assertThat(inspect.at("/Spec/TaskTemplate/ContainerSpec/Args/0").asText()).isEqualTo("sleep");
        assertThat(ok("service", "inspect", "--pretty", "web").out()).contains("Replicas:\t6");
        assertThat(runningContainers()).hasSize(6);
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    @Test
    @Order(35)
    void engineCallsPassThroughToTheDockerEngine() {
        List<String> names = ok("ps", "--filter", "label=com.docker.swarm.node.id=" + nodeId,
                "--format", "{{.Names}}").lines();
        assertThat(names).hasSize(6);
        assertThat(ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines()).contains(IMAGE);
        String probe = "shoal-proxy-probe-" + nodeId.substring(0, 6);
        try {
            ok("run", "-d", "--name", probe, IMAGE, "sh", "-c", "echo through the proxy; sleep 60");
            await().atMost(SLOW).untilAsserted(() -> assertThat(ok("logs", probe).out()).contains("through the proxy"));
            assertThat(ok("inspect", "--format", "{{.State.Status}}", probe).out().trim()).isEqualTo("running");
            assertThat(fails("exec", probe, "true").all()).contains("501");
        } finally {
            node.docker("rm", "-f", probe);
        }
        // docker inspect still finds swarm objects after the engine says "no such container"
        assertThat(ok("inspect", "--format", "{{.Spec.Name}}", "web").out().trim()).isEqualTo("web");
    }

    @Test
    @Order(40)
    void badInputIsRefusedClearly() {
        assertThat(fails("service", "create", "--name", "bad name!", IMAGE).err())
                .contains("Error response from daemon:").contains("name");
        assertThat(fails("service", "create", "--name", "neg", "--replicas", "-1", IMAGE).err()).contains("-1");
        assertThat(fails("service", "create", "--name", "web", IMAGE).err()).contains("already exists");
        assertThat(fails("service", "inspect", "nosuch").err()).contains("no such service: nosuch");
        assertThat(fails("service", "rm", "nosuch").err()).contains("service nosuch not found");
        assertThat(fails("service", "logs", "nosuch").err()).contains("no such task or service: nosuch");
        assertThat(fails("node", "inspect", "nosuch").err()).contains("node nosuch not found");

        UnixHttp http = node.http();
        UnixHttp.Response malformed = http.send("POST", "/v1.50/services/create", "application/json", "{\"Name\": \"x\",");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(malformed.body()).path("message").asText()).startsWith("invalid JSON: ");

        UnixHttp.Response negative = http.send("POST", "/v1.50/services/create", "application/json",
                "{\"Name\":\"neg\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"" + IMAGE + "\"}},"
                        + "\"Mode\":{\"Replicated\":{\"Replicas\":-1}}}");
        assertThat(negative.status()).isEqualTo(400);

        JsonNode web = json(ok("service", "inspect", "web").out()).get(0);
        long version = web.at("/Version/Index").asLong();
        String spec = web.path("Spec").toString();
        UnixHttp.Response stale = http.send("POST", "/v1.50/services/web/update?version=" + (version - 1),
                "application/json", spec);
        assertThat(stale.status()).isEqualTo(500);
        assertThat(json(stale.body()).path("message").asText()).isEqualTo("update out of sequence");
        UnixHttp.Response noVersion = http.send("POST", "/v1.50/services/web/update", "application/json", spec);
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(json(noVersion.body()).path("message").asText()).startsWith("invalid service version ''");

        UnixHttp.Response badFilter = http.get("/v1.50/services?filters=%7B%22colour%22%3A%7B%22red%22%3Atrue%7D%7D");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(json(badFilter.body()).path("message").asText()).isEqualTo("invalid filter 'colour'");
        UnixHttp.Response unknown = http.get("/v1.50/nothing/here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown.body()).path("message").asText()).isEqualTo("page not found");
        UnixHttp.Response tooNew = http.get("/v1.99/info");
        assertThat(tooNew.status()).isEqualTo(400);
        assertThat(json(tooNew.body()).path("message").asText()).contains("is too new");
    }

    @Test
    @Order(50)
    void aMissingImageShowsThePullErrorInPs() {
        ok("service", "create", "-d", "--name", "ghost", "shoal-test/nothing:1");
        await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Command.Result ps = ok("service", "ps", "ghost", "--no-trunc", "--format", "{{.CurrentState}}|{{.Error}}");
            assertThat(ps.lines()).anySatisfy(l -> assertThat(l).startsWith("Rejected").contains("shoal-test/nothing:1"));
        });
        assertThat(ok("service", "ls").out()).containsPattern("ghost\\s+replicated\\s+0/1");
        ok("service", "rm", "ghost");
    }

    @Test
    @Order(60)
    void logsOfServicesAndTasks() {
        ok("service", "create", "-d", "--name", "talker", IMAGE, "sh", "-c",
                "i=0; while true; do echo \"hello $i\"; echo \"oops $i\" >&2; i=$((i+1)); sleep 1; done");
        await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Command.Result logs = ok("service", "logs", "talker");
            assertThat(logs.all()).containsPattern("talker\\.1\\.[0-9a-z]{12}@cli-node\\s+\\| hello 2")
                    .containsPattern("talker\\.1\\.[0-9a-z]{12}@cli-node\\s+\\| oops 2");
        });
        assertThat(ok("service", "logs", "--no-task-ids", "--no-trunc", "talker").out()).contains("talker.1@cli-node");
        Command.Result stamped = ok("service", "logs", "--timestamps", "--tail", "1", "talker");
        assertThat(stamped.all().lines().filter(l -> !l.isBlank()).toList())
                .isNotEmpty().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z talker\\.1\\..*"));
        String task = ok("service", "ps", "-q", "talker").lines().getFirst();
        assertThat(ok("service", "logs", task).out()).contains("hello 0");

        UnixHttp.Response noStream = node.http().get("/v1.50/services/talker/logs");
        assertThat(noStream.status()).isEqualTo(400);
        assertThat(json(noStream.body()).path("message").asText())
                .isEqualTo("Bad parameters: you must choose at least one stream");
    }

    @Test
    @Order(70)
    void scaleUpdateAndRollback() {
        Command.Result scale = ok("service", "scale", "web=3");
        assertThat(scale.out()).contains("web scaled to 3").containsPattern("verify: Service (web|[0-9a-z]{25}) converged");
        await().atMost(SLOW).untilAsserted(() ->
                assertThat(ok("service", "ls").out()).containsPattern("web\\s+replicated\\s+3/3"));

        assertThat(node.engine("tag", IMAGE, IMAGE_V2).ok()).isTrue();
        Command.Result update = ok("service", "update", "--image", IMAGE_V2, "web");
        assertThat(update.out()).containsPattern("verify: Service (web|[0-9a-z]{25}) converged");
        assertThat(ok("service", "ps", "web", "--filter", "desired-state=running", "--format", "{{.Image}}").lines())
                .hasSize(3).containsOnly(IMAGE_V2);
        assertThat(ok("service", "inspect", "--format", "{{.PreviousSpec.TaskTemplate.ContainerSpec.Image}}", "web").out())
                .contains(IMAGE);

        Command.Result rollback = ok("service", "rollback", "web");
        assertThat(rollback.all()).containsPattern("(verify: Service (web|[0-9a-z]{25}) converged|rollback: )");
        await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(ok("service", "ps", "web", "--filter", "desired-state=running",
                        "--format", "{{.Image}} {{.CurrentState}}").lines())
                        .hasSize(3).allMatch(l -> l.startsWith(IMAGE + " Running")));
    }

    @Test
    @Order(80)
    void aRestartFindsEverythingAndReadoptsTheContainers() {
        await().atMost(SLOW).untilAsserted(() -> assertThat(runningContainers()).hasSize(4)); // web x3, talker
        Map<String, String> before = runningContainers();
        String servicesBefore = ok("service", "ls", "--format", "{{.ID}} {{.Name}} {{.Replicas}}").out();
        List<String> tasksBefore = ok("service", "ps", "-q", "--filter", "desired-state=running", "web").lines();

        assertThat(node.stop()).isZero();
        assertThat(node.log()).contains("shutting down").contains("stopped");
        assertThat(runningContainers()).as("containers keep running while the daemon is down").isEqualTo(before);

        node.start();
        await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(ok("service", "ls", "--format", "{{.ID}} {{.Name}} {{.Replicas}}").out()).isEqualTo(servicesBefore);
            assertThat(ok("node", "ls").out()).containsPattern(nodeId + " \\*\\s+cli-node\\s+Ready\\s+Active\\s+Leader");
        });
        assertThat(ok("service", "ps", "-q", "--filter", "desired-state=running", "web").lines())
                .containsExactlyInAnyOrderElementsOf(tasksBefore);
        assertThat(runningContainers()).as("same containers, same start times").isEqualTo(before);
        assertThat(ok("service", "logs", "talker").out()).contains("hello 0");
    }

    @Test
    @Order(90)
    void removeAndLeave() {
        assertThat(ok("service", "rm", "web", "talker").lines()).containsExactly("web", "talker");
        await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(runningContainers()).isEmpty());
        assertThat(ok("service", "ls", "-q").lines()).isEmpty();

        assertThat(fails("swarm", "leave").err()).contains("Use `--force` to ignore this message.");
        assertThat(ok("swarm", "leave", "--force").out()).contains("Node left the swarm.");
        assertThat(ok("info").out()).contains("Swarm: inactive");
        assertThat(node.engine("ps", "-aq", "--filter", "label=com.docker.swarm.node.id=" + nodeId).lines()).isEmpty();
        assertThat(fails("node", "ls").err()).contains("This node is not a swarm manager.");
    }
}
