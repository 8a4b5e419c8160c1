package io.shoal.daemon.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A minimal HTTP/1.0 client over a unix socket, to send what the docker CLI never would (malformed JSON). */
final class UnixHttp {
    /** Status, headers (lower-case names) and body of one answer. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Path socket;

    UnixHttp(Path socket) {
        this.socket = socket;
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response send(String method, String path, String contentType, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: shoal\r\n");
        if (contentType != null) {
            req.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            req.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        req.append("\r\n");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(payload));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                buf.flip();
                all.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
            return parse(all.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to " + socket, e);
        }
    }

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(status, headers, body);
    }
}
