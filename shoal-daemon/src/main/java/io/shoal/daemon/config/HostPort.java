package io.shoal.daemon.config;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * An address as {@code --listen-addr}/{@code --advertise-addr} take it: {@code host[:port]},
 * {@code :port}, {@code [v6]:port}, or a network interface name (its first IPv4 address).
 */
public record HostPort(String host, int port) {
    /** Swarm's cluster port (CA and dispatcher over mutual TLS). */
    public static final int DEFAULT_CLUSTER_PORT = 2377;
    /** The Raft transport of a manager. */
    public static final int DEFAULT_RAFT_PORT = 2378;
    public HostPort {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
    }

    public static HostPort parse(String value, String defaultHost, int defaultPort) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String v = value.trim();
        String host;
        String port = "";
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("invalid address '" + value + "': unclosed [");
            }
            host = v.substring(1, end);
            if (v.length() > end + 1) {
                if (v.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("invalid address '" + value + "'");
                }
                port = v.substring(end + 2);
            }
        } else if (v.chars().filter(c -> c == ':').count() > 1) {
            host = v; // a bare IPv6 address
        } else {
            int colon = v.indexOf(':');
            host = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? "" : v.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = defaultHost;
        }
        int p;
        try {
            p = port.isEmpty() ? defaultPort : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid address '" + value + "': bad port '" + port + "'");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("invalid address '" + value + "': port out of range");
        }
        return new HostPort(interfaceAddress(host), p);
    }

    /** An interface name stands for its first IPv4 address; anything else is kept as written. */
    private static String interfaceAddress(String host) {
        if (!host.matches("[a-zA-Z][a-zA-Z0-9_.-]*") || host.contains(".") || host.equals("localhost")) {
            return host;
        }
        try {
            NetworkInterface nif = NetworkInterface.getByName(host);
            if (nif == null) {
                return host;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a.getHostAddress();
                }
            }
            throw new IllegalArgumentException("interface " + host + " has no IPv4 address");
        } catch (SocketException e) {
            return host;
        }
    }

    public boolean isUnspecified() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    public HostPort withPort(int p) {
        return new HostPort(host, p);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
