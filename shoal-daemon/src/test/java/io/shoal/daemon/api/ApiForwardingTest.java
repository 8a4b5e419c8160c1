package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.daemon.BuildInfo;
import io.shoal.daemon.config.HostAddress;
import io.shoal.rpc.server.LocalApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A follower's writes go to the leader (here a fake), and the leader serves forwarded requests in process. */
class ApiForwardingTest {
    record Call(String method, String path, Map<String, String> headers, String body) {}

    private final List<Call> forwarded = new CopyOnWriteArrayList<>();
    private ApiServer server;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        ApiServerTest.InactiveNode node = new ApiServerTest.InactiveNode();
        BuildInfo build = new BuildInfo("9.9.9");
        LeaderForwarding toLeader = (method, path, headers, body) -> {
            forwarded.add(new Call(method, path, headers, new String(body, StandardCharsets.UTF_8)));
            return Optional.of(new LocalApi.Reply(201, Map.of("Content-Type", "application/json"),
                    "{\"ID\":\"from-the-leader\"}".getBytes(StandardCharsets.UTF_8)));
        };
        server = new ApiServer(List.of(new HostAddress.Tcp("127.0.0.1", 0)), build, node::local, List.of(
                new SystemRoutes(node, build, HostInfo.detect("testhost"), "engine-id", Path.of("/tmp/shoal-test"), "sim"),
                new SwarmRoutes(node), new NodeRoutes(node), new ServiceRoutes(node)), Optional.empty(), toLeader);
        server.start();
        base = "http://127.0.0.1:" + server.tcpAddresses().getFirst().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writesToSwarmObjectsGetTheLeadersAnswer() throws Exception {
        HttpResponse<String> r = send("POST", "/v1.50/services/create?x=1", "{\"Name\":\"web\"}",
                "X-Registry-Auth", "e30=");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"ID\":\"from-the-leader\"}");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(forwarded).containsExactly(new Call("POST", "/v1.50/services/create?x=1",
                Map.of("Content-Type", "application/json", "X-Registry-Auth", "e30="), "{\"Name\":\"web\"}"));

        assertThat(send("DELETE", "/nodes/abc", null).statusCode()).isEqualTo(201);
        assertThat(forwarded).hasSize(2);
    }

    @Test
    void readsLocalCallsAndForwardedRequestsStayHere() throws Exception {
        assertThat(send("GET", "/v1.50/services", null).statusCode()).isEqualTo(503);
        assertThat(send("POST", "/v1.50/swarm/leave", null).statusCode()).isEqualTo(503);
        HttpResponse<String> again = send("POST", "/v1.50/services/create", "{}", LeaderForwarding.FORWARDED_HEADER, "1");
        assertThat(again.statusCode()).isEqualTo(503);
        assertThat(again.body()).contains("This node is not a swarm manager");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void theLeaderServesAForwardedRequestInProcess() {
        LocalApi.Reply ping = server.handleLocally("GET", "/_ping", Map.of(), new byte[0]);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(new String(ping.body(), StandardCharsets.UTF_8)).isEqualTo("OK");

        // marked as forwarded: served here, never sent on
        LocalApi.Reply create = server.handleLocally("POST", "/v1.50/services/create?version=1",
                Map.of("Content-Type", "application/json"), "{\"Name\":\"web\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(create.status()).isEqualTo(503);
        assertThat(create.headers()).containsEntry("Content-Type", "application/json");
        assertThat(new String(create.body(), StandardCharsets.UTF_8)).contains("This node is not a swarm manager");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void onlySwarmWritesAreForwarded() {
        assertThat(LeaderForwarding.isSwarmWrite("POST", "/swarm/update")).isTrue();
        assertThat(LeaderForwarding.isSwarmWrite("POST", "/services/x/update")).isTrue();
        assertThat(LeaderForwarding.isSwarmWrite("DELETE", "/secrets/x")).isTrue();
        assertThat(LeaderForwarding.isSwarmWrite("GET", "/services/x")).isFalse();
        assertThat(LeaderForwarding.isSwarmWrite("POST", "/swarm/init")).isFalse();
        assertThat(LeaderForwarding.isSwarmWrite("POST", "/swarm/join")).isFalse();
        assertThat(LeaderForwarding.isSwarmWrite("POST", "/containers/create")).isFalse();
    }
}
