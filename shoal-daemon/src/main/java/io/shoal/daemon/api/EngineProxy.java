package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.shoal.api.ShoalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "One endpoint for everything": with the docker executor, the engine calls Shoal does not own
 * (containers, images, volumes, exec, events, disk usage) pass through to the node's Docker Engine,
 * so {@code docker ps} or {@code docker logs} work against Shoal as against dockerd in swarm mode.
 * Requests go unversioned (the engine may speak an older API than the client negotiated with Shoal);
 * responses stream back chunk by chunk. Connection hijacking (attach, interactive exec) is not
 * proxied: those answer 501.
 */
public final class EngineProxy implements Consumer<ApiRoutes>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineProxy.class);
    private static final String[] PREFIXES = {"/containers", "/images", "/volumes", "/exec", "/plugins"};
    private static final String[] EXACT = {"/events", "/system/df", "/build", "/commit", "/auth"};
    /** Hop-by-hop headers, and the ones Shoal sets itself on every answer. */
    private static final Set<String> SKIPPED = Set.of("host", "connection", "keep-alive", "transfer-encoding",
            "content-length", "upgrade", "te", "trailer", "proxy-connection",
            "api-version", "server", "ostype", "docker-experimental", "swarm", "date");
    private static final long CONNECT_TIMEOUT_MS = 10_000;

    private final String engineHost;
    private final String baseUrl;
    private final Path socket;
    private final HttpClient client;

    /** @param engineHost the engine's {@code unix:///path} or {@code tcp://host:port} */
    public EngineProxy(String engineHost) {
        this.engineHost = requireNonNull(engineHost, "engineHost is null");
        if (engineHost.startsWith("unix://")) {
            socket = Path.of(engineHost.substring("unix://".length()));
            baseUrl = "http://docker";
        } else if (engineHost.startsWith("tcp://")) {
            socket = null;
            baseUrl = "http://" + engineHost.substring("tcp://".length());
        } else {
            throw new IllegalArgumentException("cannot proxy to the Docker Engine at " + engineHost
                    + ": want unix:///path or tcp://host:port");
        }
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("shoal-engine-proxy");
        pool.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.setIdleTimeout(0); // event and log streams stay quiet for as long as they like
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the engine proxy client", e);
        }
    }

    @Override
    public void accept(ApiRoutes r) {
        for (String p : PREFIXES) {
            all(r, p);
            all(r, p + "/<rest>");
        }
        for (String p : EXACT) {
            all(r, p);
        }
    }

    private void all(ApiRoutes r, String path) {
        r.get(path, this::forward);
        r.head(path, this::forward);
        r.post(path, this::forward);
        r.put(path, this::forward);
        r.delete(path, this::forward);
    }

    /** The path without Shoal's version prefix, with the query. */
    static String enginePath(String path, String query) {
        String p = path.replaceFirst("^/v[0-9][0-9.]*/", "/");
        return query == null || query.isEmpty() ? p : p + "?" + query;
    }

    void forward(Context ctx) throws IOException {
        if (ctx.header("Upgrade") != null) {
            throw new ShoalException.Unimplemented("attaching to containers through Shoal is not supported: "
                    + "run this command against the Docker Engine at " + engineHost);
        }
        String target = baseUrl + enginePath(ctx.path(), ctx.req().getQueryString());
        Request request = client.newRequest(URI.create(target)).method(ctx.method().name())
                .idleTimeout(0, TimeUnit.MILLISECONDS);
        if (socket != null) {
            request.transport(new Transport.TCPUnix(socket));
        }
        request.headers(h -> {
            for (Enumeration<String> names = ctx.req().getHeaderNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
                    for (Enumeration<String> values = ctx.req().getHeaders(name); values.hasMoreElements(); ) {
                        h.add(name, values.nextElement());
                    }
                }
            }
        });
        if (ctx.req().getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"))) {
            request.body(new InputStreamRequestContent(ctx.contentType(), ctx.req().getInputStream(),
                    new ByteBufferPool.Sized(client.getByteBufferPool(), false, 16 * 1024)));
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            response = listener.get(CONNECT_TIMEOUT_MS * 6, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new ShoalException.Unavailable("interrupted while waiting for the Docker Engine");
        } catch (TimeoutException | ExecutionException e) {
            request.abort(e);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ShoalException.Unavailable("cannot reach the Docker Engine at " + engineHost + ": " + cause.getMessage());
        }
        // streams (logs -f, events, stats) may be quiet for long: no idle cut-off on the client's side either
        ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(0);
        ctx.res().setStatus(response.getStatus());
        for (HttpField f : response.getHeaders()) {
            if (f.getLowerCaseName().equals("content-type")) {
                ctx.res().setContentType(f.getValue());
            } else if (!SKIPPED.contains(f.getLowerCaseName())) {
                ctx.res().addHeader(f.getName(), f.getValue());
            }
        }
        try (InputStream in = listener.getInputStream()) {
            OutputStream out = ctx.res().getOutputStream();
            byte[] buf = new byte[16 * 1024];
            ctx.res().flushBuffer();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away (or the engine did): stop copying
            request.abort(e);
            log.debug("proxied {} ended: {}", target, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            log.debug("stopping the engine proxy client: {}", e.toString());
        }
    }
}
