package io.shoal.cli.http;

import io.shoal.cli.CliException;
import java.util.Objects;

/**
 * Where the daemon listens, as given with {@code -H} or {@code SHOAL_HOST}:
 * {@code unix:///path/to.sock} or {@code tcp://host:port} (plain {@code host:port} means tcp).
 */
public record DaemonHost(String scheme, String socketPath, String host, int port) {
    public static final String DEFAULT = "unix:///var/run/shoal.sock";
    private static final int DEFAULT_TCP_PORT = 2375;
    private static final int DEFAULT_TLS_PORT = 2376;

    public DaemonHost {
        Objects.requireNonNull(scheme, "scheme is null");
    }

    public static DaemonHost parse(String value, boolean tls) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            v = DEFAULT;
        }
        String scheme = "tcp";
        String addr = v;
        int sep = v.indexOf("://");
        if (sep >= 0) {
            scheme = v.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
            addr = v.substring(sep + 3);
        }
        switch (scheme) {
            case "unix" -> {
                if (addr.isEmpty()) {
                    throw new CliException("invalid bind address (" + value + "): empty socket path");
                }
                return new DaemonHost("unix", addr, null, 0);
            }
            case "tcp", "http", "https" -> {
                int slash = addr.indexOf('/');
                if (slash >= 0) {
                    addr = addr.substring(0, slash);
                }
                String host = addr;
                int port = tls || scheme.equals("https") ? DEFAULT_TLS_PORT : DEFAULT_TCP_PORT;
                int colon = addr.lastIndexOf(':');
                if (colon >= 0 && addr.indexOf(']', colon) < 0) {
                    host = addr.substring(0, colon);
                    String p = addr.substring(colon + 1);
                    if (!p.isEmpty()) {
                        try {
                            port = Integer.parseInt(p);
                        } catch (NumberFormatException e) {
                            throw new CliException("invalid bind address format: " + value);
                        }
                    }
                }
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                if (host.isEmpty()) {
                    host = "127.0.0.1";
                }
                return new DaemonHost(tls || scheme.equals("https") ? "https" : "tcp", null, host, port);
            }
            default -> throw new CliException("Invalid bind address format: " + value);
        }
    }

    public boolean isUnix() {
        return scheme.equals("unix");
    }

    public boolean isTls() {
        return scheme.equals("https");
    }

    /** The base URL requests are addressed to (a unix socket still needs a host name for HTTP). */
    public String baseUrl() {
        if (isUnix()) {
            return "http://localhost";
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (isTls() ? "https://" : "http://") + h + ":" + port;
    }

    /** As the user wrote it, for "Cannot connect to the Shoal daemon at ..." messages. */
    public String display() {
        return isUnix() ? "unix://" + socketPath : "tcp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
