package io.shoal.daemon.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** Where the API listens: {@code unix:///path} or {@code tcp://addr:port} (as dockerd's {@code -H}). */
public sealed interface HostAddress {
    int DEFAULT_TCP_PORT = 2375;

    /** The address as a user writes it. */
    String uri();

    record Unix(Path path) implements HostAddress {
        public Unix {
            requireNonNull(path, "path is null");
        }

        @Override
        public String uri() {
            return "unix://" + path;
        }
    }

    record Tcp(String host, int port) implements HostAddress {
        public Tcp {
            requireNonNull(host, "host is null");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid port " + port);
            }
        }

        @Override
        public String uri() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** Only loopback addresses may serve plain HTTP (mutual TLS is required elsewhere). */
        public boolean isLoopback() {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (!a.isLoopbackAddress()) {
                        return false;
                    }
                }
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    static HostAddress parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty --host: use unix:///path or tcp://addr:port");
        }
        String v = value.trim();
        if (v.startsWith("unix://")) {
            String path = v.substring("unix://".length());
            if (path.isEmpty() || !path.startsWith("/")) {
                throw new IllegalArgumentException("invalid --host " + value + ": a unix socket needs an absolute path, as in unix:///var/run/shoal.sock");
            }
            return new Unix(Path.of(path));
        }
        if (v.startsWith("tcp://")) {
            String rest = v.substring("tcp://".length());
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            String host;
            String port;
            if (rest.startsWith("[")) {
                int end = rest.indexOf(']');
                if (end < 0) {
                    throw new IllegalArgumentException("invalid --host " + value + ": unclosed [ in an IPv6 address");
                }
                host = rest.substring(1, end);
                port = rest.length() > end + 1 && rest.charAt(end + 1) == ':' ? rest.substring(end + 2) : "";
            } else {
                int colon = rest.lastIndexOf(':');
                host = colon < 0 ? rest : rest.substring(0, colon);
                port = colon < 0 ? "" : rest.substring(colon + 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
            int p;
            try {
                p = port.isEmpty() ? DEFAULT_TCP_PORT : Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid --host " + value + ": bad port '" + port + "'");
            }
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("invalid --host " + value + ": port out of range");
            }
            return new Tcp(host, p);
        }
        throw new IllegalArgumentException("invalid --host " + value + ": use unix:///path or tcp://addr:port");
    }
}
