package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Task;
import io.shoal.api.logs.LogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes service and task logs the way the docker CLI reads them: one line per frame, each frame an
 * 8-byte header {@code [stream, 0, 0, 0, big-endian uint32 length]} and the payload
 * {@code [<timestamp> ][<details> ]<message>\n}; TTY services get the same lines unframed.
 * Every frame is flushed. Safe to use from several task streams at once.
 */
public final class LogStreamWriter {
    public static final int SYSTEM_ERROR = 3;
    public static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    public static final String RAW = "application/vnd.docker.raw-stream";
    public static final String NODE_ID = "com.docker.swarm.node.id";
    public static final String SERVICE_ID = "com.docker.swarm.service.id";
    public static final String TASK_ID = "com.docker.swarm.task.id";

    /** dockerd's RFC3339NanoFixed: always nine fraction digits. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    /** How lines are written: timestamps and details asked for, framed or raw. */
    public record Format(boolean timestamps, boolean details, boolean multiplexed) {}

    private final OutputStream out;
    private final Format format;
    private boolean broken;

    public LogStreamWriter(OutputStream out, Format format) {
        this.out = requireNonNull(out, "out is null");
        this.format = requireNonNull(format, "format is null");
    }

    /** A sink for one task's lines, carrying the three swarm IDs as details. */
    public LogSink sinkFor(Task task) {
        String details = details(Map.of(
                NODE_ID, task.nodeId() == null ? "" : task.nodeId(),
                SERVICE_ID, task.serviceId(),
                TASK_ID, task.id()));
        return (stream, timestamp, text) -> write(stream, timestamp, details, text);
    }

    /** Writes one line; false once the reader has gone away. */
    public synchronized boolean write(int stream, Instant timestamp, String details, String text) {
        if (broken) {
            return false;
        }
        StringBuilder line = new StringBuilder(text.length() + 160);
        if (format.timestamps()) {
            line.append(TIMESTAMP.format(timestamp == null ? Instant.EPOCH : timestamp)).append(' ');
        }
        if (format.details()) {
            line.append(details).append(' ');
        }
        line.append(text).append('\n');
        return send(stream, line.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A stream-3 frame: the CLI stops with "error from daemon in stream: <text>". */
    public synchronized boolean error(String message) {
        if (broken) {
            return false;
        }
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        if (!format.multiplexed()) {
            return send(0, payload);
        }
        return send(SYSTEM_ERROR, payload);
    }

    private boolean send(int stream, byte[] payload) {
        try {
            if (format.multiplexed()) {
                out.write(header(stream, payload.length));
            }
            out.write(payload);
            out.flush();
            return true;
        } catch (IOException e) {
            broken = true;
            return false;
        }
    }

    public synchronized boolean isBroken() {
        return broken;
    }

    static byte[] header(int stream, int length) {
        return new byte[] {(byte) stream, 0, 0, 0,
                (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** Comma-separated, key-sorted, URL-query-escaped {@code k=v} pairs. */
    static String details(Map<String, String> attrs) {
        return new TreeMap<>(attrs).entrySet().stream()
                .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String escape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
