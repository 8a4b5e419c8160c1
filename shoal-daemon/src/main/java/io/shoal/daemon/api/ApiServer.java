package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.shoal.daemon.BuildInfo;
import io.shoal.daemon.config.HostAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker Engine API server of one node: Javalin on Jetty, on every {@code --host} (unix sockets
 * and loopback TCP). Every answer carries dockerd's headers; errors are {@code {"message": ...}}
 * with exactly {@code application/json}; unknown routes are 404 "page not found".
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("io.shoal.daemon");
    /** First path segment {@code v<digits...>}: a versioned request. */
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9][^/]*)(/.*)$");
    private static final String ERROR_WRITTEN = "shoal.errorWritten";
    /**
     * dockerd has no idle timeout; Jetty's 30 s default would cut a {@code swarm join} that waits for
     * its session on a loaded machine (log streams switch it off for their own connection).
     */
    static final long IDLE_TIMEOUT_MS = java.time.Duration.ofMinutes(10).toMillis();

    private final List<HostAddress> hosts;
    private final BuildInfo build;
    private final Supplier<LocalNode> local;
    private final List<Consumer<ApiRoutes>> routeGroups;
    private final java.util.Optional<io.shoal.daemon.config.ApiTls> tls;
    private final LeaderForwarding forwarding;
    private Javalin app;
    private org.eclipse.jetty.server.LocalConnector inMemory;

    /**
     * @param hosts where to listen; TCP hosts must have been checked for loopback by the caller
     * @param local this node's state, for the {@code Swarm} header (asked on every request: keep it cheap)
     * @param routeGroups each registers its routes
     */
    public ApiServer(List<HostAddress> hosts, BuildInfo build, Supplier<LocalNode> local,
                     List<Consumer<ApiRoutes>> routeGroups) {
        this(hosts, build, local, routeGroups, java.util.Optional.empty(), LeaderForwarding.NONE);
    }

    /** @param tls mutual TLS for every TCP endpoint (dockerd's --tlsverify); empty: plain HTTP */
    public ApiServer(List<HostAddress> hosts, BuildInfo build, Supplier<LocalNode> local,
                     List<Consumer<ApiRoutes>> routeGroups, java.util.Optional<io.shoal.daemon.config.ApiTls> tls,
                     LeaderForwarding forwarding) {
        this.tls = requireNonNull(tls, "tls is null");
        this.forwarding = requireNonNull(forwarding, "forwarding is null");
        this.hosts = List.copyOf(hosts);
        this.build = requireNonNull(build, "build is null");
        this.local = requireNonNull(local, "local is null");
        this.routeGroups = List.copyOf(routeGroups);
    }

    public synchronized void start() {
        if (app != null) {
            return;
        }
        for (HostAddress h : hosts) {
            if (h instanceof HostAddress.Unix u) {
                prepareSocket(u.path());
            }
        }
        // read the TLS files now, so that a bad one fails the start with a clear message
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = tls.map(ApiTlsContext::server).orElse(null);
        Javalin created = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.maxRequestSize = 16L << 20;
            // in memory: the leader serves followers' forwarded writes through it
            cfg.jetty.addConnector((server, http) -> {
                org.eclipse.jetty.server.LocalConnector c = new org.eclipse.jetty.server.LocalConnector(server,
                        new HttpConnectionFactory(http));
                inMemory = c;
                return c;
            });
            for (HostAddress h : hosts) {
                cfg.jetty.addConnector((server, http) -> {
                    if (h instanceof HostAddress.Unix u) {
                        UnixDomainServerConnector c = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
                        c.setUnixDomainPath(u.path());
                        c.setIdleTimeout(IDLE_TIMEOUT_MS);
                        return c;
                    }
                    HostAddress.Tcp t = (HostAddress.Tcp) h;
                    ServerConnector c = ssl != null
                            ? new ServerConnector(server, new org.eclipse.jetty.server.SslConnectionFactory(
                                    ssl, "http/1.1"), new HttpConnectionFactory(http))
                            : new ServerConnector(server, new HttpConnectionFactory(http));
                    c.setHost(t.host());
                    c.setPort(t.port());
                    c.setIdleTimeout(IDLE_TIMEOUT_MS);
                    return c;
                });
            }
            cfg.requestLogger.http((ctx, ms) -> {
                if (log.isDebugEnabled()) {
                    log.debug("{} {} -> {} in {} ms", ctx.method().name(), ctx.path(), ctx.statusCode(), Math.round(ms));
                }
            });
            cfg.routes.before(this::beforeEach);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof Forwarded f) {
                    writeForwarded(ctx, f.reply);
                } else if (e instanceof ApiRoutes.PageNotFound) {
                    writeError(ctx, 404, "page not found");
                } else if (e instanceof HttpResponseException h) {
                    writeError(ctx, h.getStatus(), h.getStatus() == 404 ? "page not found" : h.getMessage());
                } else {
                    ApiErrors.ApiError err = ApiErrors.of(e);
                    writeError(ctx, err.status(), err.message());
                }
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.attribute(ERROR_WRITTEN) == null) {
                    writeError(ctx, 404, "page not found");
                }
            });
            cfg.routes.error(405, ctx -> {
                if (ctx.attribute(ERROR_WRITTEN) == null) {
                    writeError(ctx, 404, "page not found");
                }
            });
            ApiRoutes routes = new ApiRoutes(cfg.routes);
            routeGroups.forEach(g -> g.accept(routes));
        });
        created.start();
        for (HostAddress h : hosts) {
            if (h instanceof HostAddress.Unix u) {
                try {
                    Files.setPosixFilePermissions(u.path(), PosixFilePermissions.fromString("rw-rw----"));
                } catch (IOException | UnsupportedOperationException e) {
                    log.debug("cannot set the permissions of {}: {}", u.path(), e.toString());
                }
            }
        }
        app = created;
        for (HostAddress h : hosts) {
            log.info("API listening on {}{}", h instanceof HostAddress.Tcp t && t.port() == 0
                    ? new HostAddress.Tcp(t.host(), boundPort(t)).uri() : h.uri(),
                    h instanceof HostAddress.Tcp && tls.isPresent() ? " (mutual TLS)" : "");
        }
    }

    private void beforeEach(Context ctx) {
        ctx.header("Api-Version", ApiVersion.MAX.text());
        ctx.header("Ostype", "linux");
        ctx.header("Server", build.serverHeader());
        ctx.header("Docker-Experimental", "false");
        ctx.header("Swarm", local.get().swarmHeader());
        Matcher m = VERSIONED.matcher(ctx.path());
        boolean versioned = m.matches() && ApiVersion.isWellFormed(m.group(1));
        if (versioned) {
            ctx.attribute(ApiRoutes.VERSION, ApiVersion.checked(m.group(1)));
        }
        String bare = versioned ? m.group(2) : ctx.path();
        String method = ctx.method().name();
        if (LeaderForwarding.isSwarmWrite(method, bare) && ctx.header(LeaderForwarding.FORWARDED_HEADER) == null) {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (String h : List.of("Content-Type", "X-Registry-Auth")) {
                if (ctx.header(h) != null) {
                    headers.put(h, ctx.header(h));
                }
            }
            String path = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
            java.util.Optional<io.shoal.rpc.server.LocalApi.Reply> reply = forwarding.forward(method, path, headers,
                    ctx.bodyAsBytes());
            if (reply.isPresent()) {
                throw new Forwarded(reply.get());
            }
        }
    }

    /** The leader answered a forwarded write: that answer is this request's. */
    private static final class Forwarded extends RuntimeException {
        final io.shoal.rpc.server.LocalApi.Reply reply;

        Forwarded(io.shoal.rpc.server.LocalApi.Reply reply) {
            super("forwarded", null, false, false);
            this.reply = reply;
        }
    }

    private static void writeForwarded(Context ctx, io.shoal.rpc.server.LocalApi.Reply r) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        ctx.status(r.status());
        String type = r.headers().get("Content-Type");
        if (type != null) {
            ctx.contentType(type);
        }
        ctx.result(r.body());
    }

    /**
     * Serves one request in process, as if it had come on a socket (the leader's side of a
     * follower's forwarded write). The request is marked so that it is not forwarded again.
     */
    public io.shoal.rpc.server.LocalApi.Reply handleLocally(String method, String path,
                                                          java.util.Map<String, String> headers, byte[] body) {
        org.eclipse.jetty.server.LocalConnector c;
        synchronized (this) {
            c = app == null ? null : inMemory;
        }
        if (c == null) {
            throw new io.shoal.api.ShoalException.Unavailable("the API is not running");
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: shoal\r\nConnection: close\r\n")
                .append(LeaderForwarding.FORWARDED_HEADER).append(": 1\r\n");
        headers.forEach((k, v) -> {
            if (!k.isEmpty() && k.chars().allMatch(ch -> ch > 32 && ch < 127 && ch != ':')
                    && v.chars().noneMatch(ch -> ch == '\r' || ch == '\n')) {
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer request = java.nio.ByteBuffer.allocate(h.length + body.length).put(h).put(body).flip();
        java.nio.ByteBuffer raw;
        try {
            raw = c.getResponse(request, 60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new io.shoal.api.ShoalException.Unavailable("serving a forwarded request failed: " + e.getMessage(), e);
        }
        if (raw == null) {
            throw new io.shoal.api.ShoalException.Unavailable("a forwarded request got no answer in time");
        }
        org.eclipse.jetty.http.HttpTester.Response r = org.eclipse.jetty.http.HttpTester.parseResponse(raw);
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (r.get("Content-Type") != null) {
            out.put("Content-Type", r.get("Content-Type"));
        }
        byte[] content = r.getContentBytes();
        return new io.shoal.rpc.server.LocalApi.Reply(r.getStatus(), out, content == null ? new byte[0] : content);
    }

    static void writeError(Context ctx, int status, String message) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        // exactly application/json: the CLI compares the whole header before it reads "message"
        ctx.status(status).contentType("application/json").result(ApiErrors.body(message));
    }

    /**
     * A socket file left by a daemon that died is removed; one that still answers means another
     * daemon owns it, and we refuse to steal it.
     */
    private static void prepareSocket(Path path) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            if (!Files.exists(path)) {
                return;
            }
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(path));
                throw new IllegalStateException("another daemon is listening on unix://" + path
                        + ": stop it first, or use another --host");
            } catch (IOException stale) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the socket " + path, e);
        }
    }

    private int boundPort(HostAddress.Tcp t) {
        return tcpAddresses().stream().filter(a -> a.getHostString().equals(t.host()))
                .mapToInt(InetSocketAddress::getPort).findFirst().orElse(0);
    }

    /** The TCP ports actually bound (for tcp://127.0.0.1:0 in tests). */
    public synchronized List<InetSocketAddress> tcpAddresses() {
        Javalin a = app;
        if (a == null) {
            return List.of();
        }
        return java.util.Arrays.stream(a.jettyServer().server().getConnectors())
                .filter(c -> c instanceof ServerConnector)
                .map(c -> new InetSocketAddress(((ServerConnector) c).getHost(), ((ServerConnector) c).getLocalPort()))
                .toList();
    }

    /** Stops listening; streams in progress are cut. The unix socket files are removed. */
    @Override
    public synchronized void close() {
        if (app == null) {
            return;
        }
        app.stop();
        app = null;
        inMemory = null;
        for (HostAddress h : hosts) {
            if (h instanceof HostAddress.Unix u) {
                try {
                    Files.deleteIfExists(u.path());
                } catch (IOException e) {
                    log.debug("cannot remove {}: {}", u.path(), e.toString());
                }
            }
        }
    }
}
