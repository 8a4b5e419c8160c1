package io.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.time.FakeClock;
import io.shoal.cli.FakeDaemon.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShoalCliTest {
    private static final String WEB = "{\"ID\":\"webid\",\"Version\":{\"Index\":17},\"Spec\":{\"Name\":\"web\",\"Labels\":{},"
            + "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"},\"ForceUpdate\":0},"
            + "\"Mode\":{\"Replicated\":{\"Replicas\":1}},\"UpdateConfig\":{\"Monitor\":200000000}}}";
    private static final String RUNNING = "[{\"ID\":\"t1\",\"Slot\":1,\"NodeID\":\"n1\",\"DesiredState\":\"running\","
            + "\"Status\":{\"State\":\"running\"}},{\"ID\":\"t2\",\"Slot\":2,\"NodeID\":\"n1\",\"DesiredState\":\"running\","
            + "\"Status\":{\"State\":\"running\"}}]";

    private final FakeClock clock = new FakeClock();
    private FakeDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(clock);
        daemon.route("POST", "/services/create", new Answer(201, "application/json",
                "{\"ID\":\"newid\",\"Warnings\":[\"image busybox:latest could not be accessed\"]}".getBytes()));
        daemon.route("POST", "/services/webid/update", Answer.json("{\"Warnings\":null}"));
        daemon.route("GET", "/services/(web|webid)", Answer.json(WEB.replace("\"Replicas\":1", "\"Replicas\":2")));
        daemon.route("GET", "/services/.*", Answer.json(404, "{\"message\":\"service nope not found\"}"));
        daemon.route("DELETE", "/services/web", Answer.empty());
        daemon.route("DELETE", "/services/.*", Answer.json(404, "{\"message\":\"service nope not found\"}"));
        daemon.route("GET", "/tasks", Answer.json(RUNNING));
        daemon.route("GET", "/nodes", Answer.json("[{\"ID\":\"n1\",\"Status\":{\"State\":\"ready\"}}]"));
        daemon.route("GET", "/info", Answer.json(503, "{\"message\":\"This node is not a swarm manager. Use \\\"docker swarm "
                + "init\\\" or \\\"docker swarm join\\\" to connect this node to swarm and try again.\"}"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private CliRunner.Result shoal(String... args) {
        daemon.clearRequests();
        return new CliRunner(daemon, clock).run(args);
    }

    @Test
    void createPrintsTheIdAndWarningsWithoutWaitingWhenDetached() {
        CliRunner.Result r = shoal("service", "create", "-d", "--name", "web", "busybox");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("newid\n");
        assertThat(r.err()).isEqualTo("image busybox:latest could not be accessed\n");
        assertThat(daemon.requests()).extracting(q -> q.method() + " " + q.path())
                .containsExactly("HEAD /_ping", "POST /v1.50/services/create");
    }

    @Test
    void scaleReadsUpdatesThenFollowsTheService() {
        CliRunner.Result r = shoal("service", "scale", "web=2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("web scaled to 2\noverall progress: 0 out of 2 tasks\n")
                .endsWith("verify: Service web converged\n");
        assertThat(daemon.calls().subList(0, 5)).containsExactly("GET /v1.50/services/web?insertDefaults=false",
                "POST /v1.50/services/webid/update?version=17", "GET /v1.50/services/web?insertDefaults=false",
                "GET /v1.50/tasks?filters=%7B%22_up-to-date%22%3A%7B%22true%22%3Atrue%7D%2C%22service%22%3A%7B%22webid%22%3Atrue%7D%7D",
                "GET /v1.50/nodes");
        assertThat(daemon.requests().get(2).json().at("/Mode/Replicated/Replicas").asLong()).isEqualTo(2);
        assertThat(daemon.requests().get(2).json().at("/TaskTemplate/ContainerSpec/Image").asText()).isEqualTo("busybox:latest");
    }

    @Test
    void updateSendsTheWholeEditedSpecWithTheVersionItRead() {
        CliRunner.Result r = shoal("service", "update", "-d", "--image", "nginx", "--env-add", "A=1", "web");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("web\n");
        assertThat(daemon.calls()).containsExactly("GET /v1.50/services/web?insertDefaults=false",
                "POST /v1.50/services/webid/update?registryAuthFrom=spec&version=17");
        assertThat(daemon.requests().get(2).body()).isEqualTo("{\"Name\":\"web\",\"Labels\":{},\"TaskTemplate\":"
                + "{\"ContainerSpec\":{\"Image\":\"nginx:latest\",\"Env\":[\"A=1\"]},\"ForceUpdate\":0},\"Mode\":"
                + "{\"Replicated\":{\"Replicas\":2}},\"UpdateConfig\":{\"Monitor\":200000000}}\n");
    }

    @Test
    void rmRemovesEachAndReportsFailuresTogether() {
        CliRunner.Result r = shoal("service", "rm", "web", "nope", "web");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("web\nweb\n");
        assertThat(r.err()).isEqualTo("Error response from daemon: service nope not found\n");
        assertThat(daemon.calls()).containsExactly("DELETE /v1.50/services/web", "DELETE /v1.50/services/nope",
                "DELETE /v1.50/services/web");
    }

    @Test
    void daemonErrorsArePrintedAsDockerPrintsThem() {
        CliRunner.Result r = shoal("node", "ps");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" "
                + "or \"docker swarm join\" to connect this node to swarm and try again.\n");
    }

    @Test
    void anUnreachableDaemonIsNamed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRunner.Result r = new CliRunner(daemon, clock).env("SHOAL_HOST", "tcp://127.0.0.1:" + port).run("service", "ls");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Cannot connect to the Shoal daemon at tcp://127.0.0.1:" + port
                + ". Is the shoal daemon running?\n");
    }

    @Test
    void theHostFlagWinsOverTheEnvironment() {
        CliRunner.Result r = new CliRunner(daemon, clock).env("SHOAL_HOST", "unix:///nonexistent.sock")
                .run("-H", daemon.host(), "service", "rm", "web");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("web\n");
    }

    @Test
    void usageErrorsExit125AndArgumentErrorsExit1WithoutTouchingTheDaemon() {
        CliRunner.Result flag = shoal("service", "ls", "--bogus");
        assertThat(flag.code()).isEqualTo(125);
        assertThat(flag.err()).isEqualTo("unknown flag: --bogus\n\nUsage:  shoal service ls [OPTIONS]\n\n"
                + "Run 'shoal service ls --help' for more information\n");
        CliRunner.Result value = shoal("service", "create", "--replicas", "two", "busybox");
        assertThat(value.code()).isEqualTo(125);
        assertThat(value.err()).startsWith("invalid argument \"two\" for \"--replicas\" flag: "
                + "strconv.ParseUint: parsing \"two\": invalid syntax\n");
        CliRunner.Result args = shoal("service", "scale");
        assertThat(args.code()).isEqualTo(1);
        assertThat(args.err()).isEqualTo("shoal: 'shoal service scale' requires at least 1 argument\n\n"
                + "Usage:  shoal service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\n"
                + "See 'shoal service scale --help' for more information\n");
        assertThat(daemon.requests()).isEmpty();
    }

    @Test
    void helpIsPrintedToStdout() {
        CliRunner.Result r = shoal("service", "create", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage:  shoal service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate a new service\n")
                .contains("--limit-memory=bytes", "-d, --detach ");
        CliRunner.Result group = shoal("swarm");
        assertThat(group.code()).isZero();
        assertThat(group.err()).contains("Commands:", "join-token", "Run 'shoal swarm COMMAND --help'");
        CliRunner.Result root = shoal("--version");
        assertThat(root.out()).isEqualTo("Shoal version 0.1.0\n");
    }

    @Test
    void versionShowsClientAndServer() {
        daemon.route("GET", "/version", Answer.json("{\"Platform\":{\"Name\":\"Shoal\"},\"Components\":[{\"Name\":\"Engine\","
                + "\"Version\":\"0.1.0\",\"Details\":{\"ApiVersion\":\"1.50\",\"MinAPIVersion\":\"1.24\",\"GitCommit\":\"abc\","
                + "\"GoVersion\":\"n/a\",\"Os\":\"linux\",\"Arch\":\"amd64\",\"BuildTime\":\"2026-01-02T03:04:05.000000000+00:00\","
                + "\"Experimental\":\"false\"}}]}"));
        CliRunner.Result r = shoal("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Client:\n Version:           0.1.0\n API version:       1.50\n")
                .endsWith("Server: Shoal\n Engine:\n  Version:          0.1.0\n  API version:      1.50 (minimum version 1.24)\n"
                        + "  Go version:       n/a\n  Git commit:       abc\n  Built:            Fri Jan  2 03:04:05 2026\n"
                        + "  OS/Arch:          linux/amd64\n  Experimental:     false\n");
    }
}
