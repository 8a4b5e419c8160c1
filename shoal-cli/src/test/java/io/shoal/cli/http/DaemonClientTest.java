package io.shoal.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.time.FakeClock;
import io.shoal.cli.FakeDaemon;
import io.shoal.cli.FakeDaemon.Answer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class DaemonClientTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void pingsOnceThenUsesTheNegotiatedVersionInPaths() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(clock);
                DaemonClient client = client(daemon.host())) {
            daemon.route("GET", "/version", Answer.json("{\"Version\":\"1\"}"));
            assertThat(client.call("GET", "/version", Query.of(), null).text()).isEqualTo("{\"Version\":\"1\"}");
            client.call("GET", "/version", Query.of().set("a", "b"), null);
            assertThat(daemon.requests()).extracting(r -> r.method() + " " + r.path())
                    .containsExactly("HEAD /_ping", "GET /v1.50/version", "GET /v1.50/version?a=b");
        }
    }

    @Test
    void anOlderServerGetsItsOwnVersion() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(clock)) {
            // the fake answers 1.50; compare the negotiation rule directly
            assertThat(DaemonClient.compareVersions("1.47", "1.50")).isNegative();
            assertThat(DaemonClient.compareVersions("1.9", "1.41")).isNegative();
            assertThat(DaemonClient.compareVersions("1.50", "1.50")).isZero();
            try (DaemonClient client = client(daemon.host())) {
                assertThat(client.apiVersion()).isEqualTo("1.50");
            }
        }
    }

    @Test
    void errorsAreWordedAsTheDockerClientWordsThem() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(clock);
                DaemonClient client = client(daemon.host())) {
            daemon.route("GET", "/json", Answer.json(404, "{\"message\":\"service web not found\"}"));
            daemon.route("GET", "/charset", new Answer(500, "application/json; charset=utf-8",
                    "{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            daemon.route("GET", "/text", new Answer(503, "text/plain", "  not a manager \n".getBytes(StandardCharsets.UTF_8)));
            daemon.route("GET", "/nomessage", Answer.json(409, "{\"foo\":1}"));
            daemon.route("GET", "/empty", new Answer(404, "text/plain", new byte[0]));

            assertThatThrownBy(() -> client.call("GET", "/json", Query.of(), null))
                    .isInstanceOfSatisfying(DaemonError.class, e -> assertThat(e.isNotFound()).isTrue())
                    .hasMessage("Error response from daemon: service web not found");
            assertThatThrownBy(() -> client.call("GET", "/charset", Query.of(), null))
                    .hasMessage("Error response from daemon: {\"message\":\"x\"}");
            assertThatThrownBy(() -> client.call("GET", "/text", Query.of(), null))
                    .hasMessage("Error response from daemon: not a manager");
            assertThatThrownBy(() -> client.call("GET", "/nomessage", Query.of(), null))
                    .hasMessage("API returned a 409 (Conflict) but provided no error-message");
            assertThatThrownBy(() -> client.call("GET", "/empty", Query.of().set("x", "1"), null))
                    .hasMessage("request returned 404 Not Found for API route and version " + client.host().baseUrl()
                            + "/v1.50/empty?x=1, check if the server supports the requested API version");
        }
    }

    @Test
    void aClosedPortCannotBeReached() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (DaemonClient client = client("tcp://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> client.call("GET", "/info", Query.of(), null))
                    .hasMessage("Cannot connect to the Shoal daemon at tcp://127.0.0.1:" + port + ". Is the shoal daemon running?");
        }
        try (DaemonClient client = client("unix:///nonexistent/shoal.sock")) {
            assertThatThrownBy(() -> client.call("GET", "/info", Query.of(), null))
                    .hasMessage("Cannot connect to the Shoal daemon at unix:///nonexistent/shoal.sock. Is the shoal daemon running?");
        }
    }

    @Test
    void speaksHttpOverAUnixSocket() throws Exception {
        Path dir = Files.createTempDirectory("shoal-cli");
        Path socket = dir.resolve("shoal.sock");
        Server server = new Server();
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server);
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put("Api-Version", "1.50");
                if (Request.getPathInContext(request).equals("/_ping")) {
                    response.setStatus(200);
                    callback.succeeded();
                    return true;
                }
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, java.nio.ByteBuffer.wrap(("{\"path\":\""
                        + request.getHttpURI().getPathQuery() + "\"}").getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        try (DaemonClient client = client("unix://" + socket)) {
            assertThat(client.call("GET", "/services", Query.of().set("status", "true"), null).text())
                    .isEqualTo("{\"path\":\"/v1.50/services?status=true\"}");
        } finally {
            server.stop();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static DaemonClient client(String host) {
        return new DaemonClient(DaemonHost.parse(host, false), "test");
    }
}
