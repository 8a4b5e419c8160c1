package io.shoal.cli.http;

import io.shoal.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * HTTP/1.1 to the daemon over a unix socket or TCP, the way the docker client talks to dockerd:
 * one {@code HEAD /_ping} negotiates the API version, every later request goes to
 * {@code /v<version>/...}, and statuses of 400 and more become {@link DaemonError}s worded as
 * docker words them.
 */
public final class DaemonClient implements AutoCloseable {
    /** The API version this client speaks (the docker 28.x CLI's). */
    public static final String API_VERSION = "1.50";
    /** What docker assumes when a server does not say. */
    private static final String FALLBACK_API_VERSION = "1.24";
    /** docker allows 2 s; a cold JVM needs part of that just to load the HTTP client. */
    private static final long PING_TIMEOUT_MS = 30_000;

    private final DaemonHost host;
    private final SSLContext sslContext;
    private final boolean verifyServer;
    private final String userAgent;
    private HttpClient http;
    private String apiVersion;

    /**
     * @param sslContext the client certificate and trusted CAs for a TLS host (null: the JVM's)
     * @param verifyServer check the daemon's certificate and name ({@code --tlsverify}); plain
     *     {@code --tls} encrypts without checking, as docker's does
     */
    public DaemonClient(DaemonHost host, SSLContext sslContext, boolean verifyServer, String userAgent) {
        this.host = Objects.requireNonNull(host, "host is null");
        this.sslContext = sslContext;
        this.verifyServer = verifyServer;
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent is null");
    }

    public DaemonClient(DaemonHost host, String userAgent) {
        this(host, null, true, userAgent);
    }

    public DaemonHost host() {
        return host;
    }

    /** The negotiated API version, pinging the daemon first if that has not happened yet. */
    public synchronized String apiVersion() {
        if (apiVersion == null) {
            apiVersion = negotiate();
        }
        return apiVersion;
    }

    /** Sends a request and reads the whole answer; error statuses throw {@link DaemonError}. */
    public HttpResult call(String method, String path, Query query, byte[] jsonBody) {
        String versioned = "/v" + apiVersion() + path;
        try (Stream s = open(method, versioned, query, jsonBody, 0)) {
            byte[] body = s.body().readAllBytes();
            HttpResult result = new HttpResult(s.status(), s.contentType(), body);
            if (result.status() >= 400) {
                throw errorFor(result, versioned, query);
            }
            return result;
        } catch (IOException e) {
            throw connectionError(e);
        }
    }

    /** Opens a streaming response (logs); the caller reads and closes it. */
    public Stream stream(String method, String path, Query query) {
        String versioned = "/v" + apiVersion() + path;
        Stream s = open(method, versioned, query, null, 0);
        if (s.status() >= 400) {
            try (s) {
                throw errorFor(new HttpResult(s.status(), s.contentType(), s.body().readAllBytes()), versioned, query);
            } catch (IOException e) {
                throw connectionError(e);
            }
        }
        return s;
    }

    private String negotiate() {
        try (Stream s = open("HEAD", "/_ping", Query.of(), null, PING_TIMEOUT_MS)) {
            String version = s.header("API-Version");
            if (version == null || version.isBlank()) {
                return FALLBACK_API_VERSION;
            }
            return compareVersions(version.trim(), API_VERSION) < 0 ? version.trim() : API_VERSION;
        }
    }

    private Stream open(String method, String path, Query query, byte[] jsonBody, long timeoutMs) {
        HttpClient client = started();
        String uri = host.baseUrl() + path + (query == null || query.isEmpty() ? "" : "?" + query.encode());
        Request request = client.newRequest(uri).method(HttpMethod.fromString(method));
        if (host.isUnix()) {
            request.transport(new Transport.TCPUnix(Path.of(host.socketPath())));
        }
        if (jsonBody != null) {
            request.body(new BytesRequestContent("application/json", jsonBody));
        }
        if (timeoutMs > 0) {
            request.timeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        try {
            // the response headers; the body streams afterwards through the listener
            Response response = listener.get(timeoutMs > 0 ? timeoutMs : Long.MAX_VALUE / 4, TimeUnit.MILLISECONDS);
            return new Stream(response, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new CliException("interrupted");
        } catch (TimeoutException e) {
            request.abort(e);
            throw cannotConnect(e);
        } catch (ExecutionException e) {
            throw connectionError(e.getCause() == null ? e : e.getCause());
        }
    }

    private synchronized HttpClient started() {
        if (http == null) {
            QueuedThreadPool pool = new QueuedThreadPool(8, 1);
            pool.setName("shoal-cli-http");
            pool.setDaemon(true);
            HttpClient c = new HttpClient();
            c.setExecutor(pool);
            c.setFollowRedirects(false);
            c.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
            // the daemon never compresses; an Accept-Encoding header would only differ from docker's
            c.getContentDecoderFactories().clear();
            if (host.isTls()) {
                SslContextFactory.Client tls = new SslContextFactory.Client(!verifyServer);
                if (sslContext != null) {
                    tls.setSslContext(sslContext);
                }
                if (!verifyServer) {
                    tls.setEndpointIdentificationAlgorithm(null);
                }
                c.setSslContextFactory(tls);
            }
            try {
                c.start();
            } catch (Exception e) {
                throw new CliException("cannot start the HTTP client: " + e.getMessage(), e);
            }
            http = c;
        }
        return http;
    }

    private DaemonError errorFor(HttpResult r, String path, Query query) {
        String statusText = r.status() + " " + StatusText.of(r.status());
        if (r.body().length == 0) {
            String url = host.baseUrl() + path + (query == null || query.isEmpty() ? "" : "?" + query.encode());
            return new DaemonError(r.status(), "request returned " + statusText + " for API route and version "
                    + url + ", check if the server supports the requested API version");
        }
        String message;
        if ("application/json".equals(r.contentType())) {
            String m;
            try {
                var node = io.shoal.api.Json.mapper().readTree(r.body());
                m = node != null && node.hasNonNull("message") ? node.get("message").asText() : "";
            } catch (IOException e) {
                return new DaemonError(r.status(), "Error reading JSON: " + e.getMessage());
            }
            if (m.isEmpty()) {
                return new DaemonError(r.status(), "API returned a " + r.status() + " (" + StatusText.of(r.status())
                        + ") but provided no error-message");
            }
            message = m.strip();
        } else {
            message = new String(r.body(), StandardCharsets.UTF_8).strip();
        }
        return new DaemonError(r.status(), "Error response from daemon: " + message);
    }

    private CliException connectionError(Throwable e) {
        if (e instanceof CliException c) {
            return c;
        }
        if (e instanceof ConnectException || e instanceof ClosedChannelException
                || e instanceof java.nio.file.NoSuchFileException || e instanceof java.net.SocketException
                || e instanceof java.nio.channels.UnresolvedAddressException || e instanceof TimeoutException
                || e instanceof java.net.UnknownHostException
                || (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("No such file"))) {
            return cannotConnect(e);
        }
        return new CliException("error during connect: " + e, e);
    }

    private CliException cannotConnect(Throwable cause) {
        return new CliException("Cannot connect to the Shoal daemon at " + host.display()
                + ". Is the shoal daemon running?", cause);
    }

    /** -1, 0, 1 comparing dotted versions numerically ("1.9" &lt; "1.41"). */
    public static int compareVersions(String a, String b) {
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            long x = i < pa.length ? parseOrZero(pa[i]) : 0;
            long y = i < pb.length ? parseOrZero(pb[i]) : 0;
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return 0;
    }

    private static long parseOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            try {
                http.stop();
            } catch (Exception e) {
                // best effort: the process is about to end
            }
            http = null;
        }
    }

    /** A complete answer. */
    public record HttpResult(int status, String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer whose body is read as it arrives. */
    public static final class Stream implements AutoCloseable {
        private final Response response;
        private final InputStreamResponseListener listener;
        private final InputStream body;

        Stream(Response response, InputStreamResponseListener listener) {
            this.response = response;
            this.listener = listener;
            this.body = listener.getInputStream();
        }

        public int status() {
            return response.getStatus();
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String header(String name) {
            return response.getHeaders().get(name);
        }

        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            try {
                body.close();
                listener.close();
            } catch (IOException e) {
                // closing a finished or aborted exchange
            }
        }
    }
}
