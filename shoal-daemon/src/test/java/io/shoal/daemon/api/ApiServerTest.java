package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import io.shoal.api.ShoalException;
import io.shoal.daemon.BuildInfo;
import io.shoal.daemon.config.HostAddress;
import io.shoal.manager.ca.InitRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's envelope (headers, versions, errors, unknown routes) against a node that is in no swarm. */
class ApiServerTest {
    /** A node that has not joined a swarm: what a fresh daemon is. */
    static final class InactiveNode implements SwarmAccess {
        @Override
        public LocalNode local() {
            return LocalNode.INACTIVE;
        }

        @Override
        public ManagerAccess manager() {
            throw SwarmErrors.notAManager();
        }

        @Override
        public String init(InitRequest request) {
            throw new ShoalException.InvalidArgument("init refused in this test: " + request.listenAddr());
        }

        @Override
        public void join(SwarmJoinRequest request) {
            throw new ShoalException.Unimplemented("no join here");
        }

        @Override
        public void leave(boolean force) {
            throw new ShoalException.Unavailable(SwarmErrors.NOT_IN_SWARM);
        }
    }

    private static ApiServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static String base;

    @BeforeAll
    static void start() {
        InactiveNode node = new InactiveNode();
        BuildInfo build = new BuildInfo("9.9.9");
        server = new ApiServer(List.of(new HostAddress.Tcp("127.0.0.1", 0)), build, node::local, List.of(
                new SystemRoutes(node, build, HostInfo.detect("testhost"), "engine-id", Path.of("/tmp/shoal-test"), "sim"),
                new SwarmRoutes(node), new NodeRoutes(node), new ServiceRoutes(node),
                new TaskRoutes(node, (s, t) -> false), new LogRoutes(node), new EngineRoutes(true)));
        server.start();
        base = "http://127.0.0.1:" + server.tcpAddresses().getFirst().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void pingAnswersWithDockerdsHeaders() throws Exception {
        HttpResponse<String> head = send("HEAD", "/_ping", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Api-Version")).contains("1.50");
        assertThat(head.headers().firstValue("Ostype")).contains("linux");
        assertThat(head.headers().firstValue("Server")).contains("Shoal/9.9.9 (linux)");
        assertThat(head.headers().firstValue("Docker-Experimental")).contains("false");
        assertThat(head.headers().firstValue("Swarm")).contains("inactive");
        HttpResponse<String> get = send("GET", "/_ping", null);
        assertThat(get.body()).isEqualTo("OK");
        assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void routesAnswerBareAndVersioned() throws Exception {
        assertThat(send("GET", "/version", null).statusCode()).isEqualTo(200);
        HttpResponse<String> v = send("GET", "/v1.50/version", null);
        assertThat(v.statusCode()).isEqualTo(200);
        JsonNode j = json(v);
        assertThat(j.path("ApiVersion").asText()).isEqualTo("1.50");
        assertThat(j.path("MinAPIVersion").asText()).isEqualTo("1.24");
        assertThat(j.path("Version").asText()).isEqualTo("9.9.9");
        assertThat(j.at("/Components/0/Name").asText()).isEqualTo("Engine");
        assertThat(send("GET", "/v1.24/version", null).statusCode()).isEqualTo(200);
    }

    @Test
    void versionsOutsideTheRangeAreRefused() throws Exception {
        HttpResponse<String> tooNew = send("GET", "/v1.51/version", null);
        assertThat(tooNew.statusCode()).isEqualTo(400);
        assertThat(tooNew.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(tooNew).path("message").asText())
                .isEqualTo("client version 1.51 is too new. Maximum supported API version is 1.50");
        HttpResponse<String> tooOld = send("GET", "/v1.12/info", null);
        assertThat(tooOld.statusCode()).isEqualTo(400);
        assertThat(json(tooOld).path("message").asText()).startsWith("client version 1.12 is too old.");
    }

    @Test
    void unknownRoutesArePageNotFound() throws Exception {
        for (String path : List.of("/nothing", "/v1.50/nothing", "/vfoo/version", "/v1.5x/version")) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).contains("application/json");
            assertThat(json(r).path("message").asText()).as(path).isEqualTo("page not found");
            assertThat(r.headers().firstValue("Api-Version")).as(path).contains("1.50");
        }
        assertThat(send("PUT", "/services", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void infoWorksOutsideASwarm() throws Exception {
        HttpResponse<String> r = send("GET", "/v1.50/info", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = json(r);
        assertThat(j.at("/Swarm/LocalNodeState").asText()).isEqualTo("inactive");
        assertThat(j.at("/Swarm/NodeID").asText()).isEmpty();
        assertThat(j.at("/Swarm/ControlAvailable").asBoolean()).isFalse();
        assertThat(j.path("Name").asText()).isEqualTo("testhost");
        assertThat(j.path("OSType").asText()).isEqualTo("linux");
        assertThat(j.path("NCPU").asInt()).isPositive();
        assertThat(j.path("MemTotal").asLong()).isPositive();
        assertThat(j.path("ServerVersion").asText()).isEqualTo("9.9.9");
        assertThat(j.path("ID").asText()).isEqualTo("engine-id");
    }

    @Test
    void swarmObjectsNeedAManager() throws Exception {
        for (String path : List.of("/v1.50/services", "/v1.50/nodes", "/v1.50/tasks", "/v1.50/swarm",
                "/v1.50/services/web", "/v1.50/services/web/logs?stdout=1")) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type")).as(path).contains("application/json");
            assertThat(json(r).path("message").asText()).as(path).isEqualTo(SwarmErrors.NOT_A_MANAGER);
        }
        HttpResponse<String> leave = send("POST", "/v1.50/swarm/leave", null);
        assertThat(leave.statusCode()).isEqualTo(503);
        assertThat(json(leave).path("message").asText()).isEqualTo("This node is not part of a swarm");
    }

    @Test
    void malformedJsonIsABadRequestBeforeAnythingHappens() throws Exception {
        HttpResponse<String> r = send("POST", "/v1.50/swarm/init", "{\"ListenAddr\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("message").asText()).startsWith("invalid JSON: ");
        HttpResponse<String> ok = send("POST", "/v1.50/swarm/init", "{\"ListenAddr\": \"0.0.0.0:2377\"}");
        assertThat(ok.statusCode()).isEqualTo(400);
        assertThat(json(ok).path("message").asText()).isEqualTo("init refused in this test: 0.0.0.0:2377");
    }

    @Test
    void engineObjectsAreNotFoundSoDockerInspectMovesOn() throws Exception {
        assertThat(send("GET", "/v1.50/containers/web/json", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1.50/images/library/busybox:latest/json", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1.50/volumes/data", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1.50/plugins/x/json", null).statusCode()).isEqualTo(404);
        HttpResponse<String> d = send("GET", "/v1.50/distribution/shoal-test/busybox:latest/json", null);
        assertThat(d.statusCode()).isEqualTo(404);
        assertThat(json(d).path("message").asText()).contains("shoal-test/busybox:latest");
    }

    @Test
    void joinSaysWhyNot() throws Exception {
        HttpResponse<String> r = send("POST", "/v1.50/swarm/join", "{\"RemoteAddrs\":[\"10.0.0.1:2377\"]}");
        assertThat(r.statusCode()).isEqualTo(501);
        assertThat(json(r).path("message").asText()).isEqualTo("no join here");
    }
}
