package io.shoal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class UnixHttpTest {

    private static HttpResult parse(String raw) throws IOException {
        return UnixHttp.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAContentLengthBody() throws IOException {
        HttpResult r = parse("HTTP/1.1 200 OK\r\nApi-Version: 1.50\r\nContent-Length: 2\r\n\r\nOKextra");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("OK");
        assertThat(r.header("API-Version")).isEqualTo("1.50");
    }

    @Test
    void readsAChunkedBody() throws IOException {
        HttpResult r = parse("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "d\r\n{\"message\":\"x\r\n3;ext=1\r\n y\"\r\n1\r\n}\r\n0\r\n\r\n");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("message").asText()).isEqualTo("x y");
    }

    @Test
    void readsABodyUntilTheConnectionCloses() throws IOException {
        assertThat(parse("HTTP/1.0 200 OK\r\n\r\nall of it").body()).isEqualTo("all of it");
    }

    @Test
    void talksToAServerOnAUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    StringBuilder seen = new StringBuilder();
                    while (!seen.toString().contains("{\"a\":1}")) {
                        buf.clear();
                        if (c.read(buf) < 0) {
                            break;
                        }
                        seen.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
                    }
                    c.write(ByteBuffer.wrap("HTTP/1.1 201 Created\r\nContent-Length: 11\r\n\r\n{\"ID\":\"x\"}\n"
                            .getBytes(StandardCharsets.UTF_8)));
                    return seen.toString();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            HttpResult r = new UnixHttp(sock).post("/v1.50/services/create", "{\"a\":1}");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.json().path("ID").asText()).isEqualTo("x");
            assertThat(request.get()).startsWith("POST /v1.50/services/create HTTP/1.1\r\n")
                    .contains("Content-Type: application/json\r\n").contains("Content-Length: 7\r\n");
        }
    }
}
