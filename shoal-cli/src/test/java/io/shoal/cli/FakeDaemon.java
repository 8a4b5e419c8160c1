package io.shoal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shoal.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker-Engine-API stand-in on 127.0.0.1 for CLI tests: answers {@code /_ping} like dockerd
 * (API-Version 1.50), serves a table of routes (method, path and query patterns, versioned or
 * not) and records every request. Times written {@code @@<seconds>@@} in a route's body are
 * rendered as that many seconds before the clock's now, so "3 seconds ago" stays true.
 */
public final class FakeDaemon implements AutoCloseable {
    private static final Pattern RELATIVE_TIME = Pattern.compile("@@([0-9.]+)@@");

    /** One answer: status, content type and body bytes. */
    public record Answer(int status, String contentType, byte[] body) {
        public static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer json(String json) {
            return json(200, json);
        }

        public static Answer empty() {
            return new Answer(200, "text/plain", new byte[0]);
        }
    }

    /** A request as received: the path includes the version prefix and the raw query. */
    public record Request(String method, String path, String body) {
        public JsonNode json() {
            return body.isEmpty() ? null : Json.read(body, JsonNode.class);
        }

        @Override
        public String toString() {
            return method + " " + path + (body.isEmpty() ? "" : " " + body.strip());
        }
    }

    private record Route(String method, Pattern path, Pattern query, Function<Request, Answer> answer) {}

    private final HttpServer server;
    private final InstantSource clock;
    private final List<Route> routes = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();

    public FakeDaemon(InstantSource clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String host() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a route; routes are tried in the order added. */
    public FakeDaemon route(String method, String pathRegex, String queryRegex, Function<Request, Answer> answer) {
        synchronized (routes) {
            routes.add(new Route(method, Pattern.compile(pathRegex), Pattern.compile(queryRegex), answer));
        }
        return this;
    }

    public FakeDaemon route(String method, String pathRegex, Answer answer) {
        return route(method, pathRegex, "", r -> answer);
    }

    /** Loads routes written as the parity fixture writes them ({@code routes.json}). */
    public FakeDaemon routes(JsonNode fixtureRoutes) {
        for (JsonNode r : fixtureRoutes) {
            Answer answer;
            String ctype = r.path("ctype").asText("application/json");
            int status = r.path("status").asInt(200);
            if (r.has("raw")) {
                answer = new Answer(status, ctype, r.get("raw").asText().getBytes(StandardCharsets.UTF_8));
            } else if (r.has("frames")) {
                ByteArrayOutputStream frames = new ByteArrayOutputStream();
                for (JsonNode f : r.get("frames")) {
                    frames.writeBytes(io.shoal.cli.service.LogFrames.frame(f.get(0).asInt(),
                            f.get(1).asText().getBytes(StandardCharsets.UTF_8)));
                }
                answer = new Answer(status, ctype, frames.toByteArray());
            } else {
                answer = new Answer(status, ctype, Json.writeBytes(r.get("body")));
            }
            Answer a = answer;
            route(r.path("method").asText("GET"), r.get("path").asText(), r.path("query").asText(""), req -> a);
        }
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests after the version ping, as "METHOD /path?query". */
    public List<String> calls() {
        return requests().stream().filter(r -> !r.path().equals("/_ping")).map(r -> r.method() + " " + r.path()).toList();
    }

    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            Request request = new Request(ex.getRequestMethod(), rawPath + (query.isEmpty() ? "" : "?" + query), body);
            synchronized (requests) {
                requests.add(request);
            }
            ex.getResponseHeaders().add("Api-Version", "1.50");
            ex.getResponseHeaders().add("Ostype", "linux");
            String path = rawPath.replaceFirst("^/v1\\.\\d+", "");
            if (path.equals("/_ping")) {
                send(ex, new Answer(200, "text/plain", "OK".getBytes(StandardCharsets.UTF_8)));
                return;
            }
            List<Route> snapshot;
            synchronized (routes) {
                snapshot = List.copyOf(routes);
            }
            for (Route r : snapshot) {
                if (r.method().equals(ex.getRequestMethod()) && r.path().matcher(path).matches()
                        && r.query().matcher(query).find()) {
                    send(ex, render(r.answer().apply(request)));
                    return;
                }
            }
            send(ex, Answer.json(404, "{\"message\":\"page not found\"}"));
        }
    }

    private Answer render(Answer a) {
        if (!a.contentType().startsWith("application/json")) {
            return a;
        }
        Instant now = clock.instant();
        Matcher m = RELATIVE_TIME.matcher(new String(a.body(), StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long nanos = (long) (Double.parseDouble(m.group(1)) * 1e9);
            m.appendReplacement(sb, now.minusNanos(nanos).toString());
        }
        m.appendTail(sb);
        return new Answer(a.status(), a.contentType(), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, Answer a) throws IOException {
        ex.getResponseHeaders().add("Content-Type", a.contentType());
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(a.status(), head || a.body().length == 0 ? -1 : a.body().length);
        if (!head && a.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(a.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
