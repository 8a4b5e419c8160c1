package io.shoal.rpc.client;

import io.shoal.api.ShoalException;

/** A manager's {@code host:port} ({@code [v6]:port} for IPv6); the port defaults to 2377. */
public record ManagerAddress(String host, int port) {
    public static final int DEFAULT_PORT = 2377;

    public static ManagerAddress parse(String addr) {
        if (addr == null || addr.isBlank()) {
            throw new ShoalException.InvalidArgument("invalid manager address: empty");
        }
        String s = addr.strip();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new ShoalException.InvalidArgument("invalid manager address " + addr);
            }
            host = s.substring(1, end);
            if (end + 1 < s.length()) {
                if (s.charAt(end + 1) != ':') {
                    throw new ShoalException.InvalidArgument("invalid manager address " + addr);
                }
                port = s.substring(end + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            } else {
                host = s; // no port, or a bare IPv6 literal
            }
        }
        if (host.isEmpty()) {
            throw new ShoalException.InvalidArgument("invalid manager address " + addr + ": no host");
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new ShoalException.InvalidArgument("invalid manager address " + addr + ": bad port");
            }
            if (p < 1 || p > 65535) {
                throw new ShoalException.InvalidArgument("invalid manager address " + addr + ": bad port");
            }
        }
        return new ManagerAddress(host, p);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
