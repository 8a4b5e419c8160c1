package io.shoal.cli.swarm;

/**
 * {@code --listen-addr} as docker's {@code NodeAddrOption} reads it: {@code <ip|interface>[:port]},
 * the host and port each defaulting to those of {@code 0.0.0.0:2377}.
 */
final class NodeAddress {
    static final String DEFAULT_LISTEN = "0.0.0.0:2377";

    private NodeAddress() {}

    static String parse(String value) {
        if (value == null || value.isEmpty() || value.equals("tcp://")) {
            return DEFAULT_LISTEN;
        }
        String addr = value.startsWith("tcp://") ? value.substring("tcp://".length()) : value;
        if (addr.contains("://") || addr.isEmpty()) {
            throw new IllegalArgumentException("invalid proto, expected tcp: " + value);
        }
        int slash = addr.indexOf('/');
        if (slash >= 0) {
            addr = addr.substring(0, slash);
        }
        String host;
        String port;
        if (addr.startsWith("[")) {
            int close = addr.indexOf(']');
            if (close < 0) {
                throw bad(value);
            }
            host = addr.substring(1, close);
            String rest = addr.substring(close + 1);
            port = rest.startsWith(":") ? rest.substring(1) : "";
        } else {
            int colon = addr.lastIndexOf(':');
            if (colon >= 0 && addr.indexOf(':') == colon) {
                host = addr.substring(0, colon);
                port = addr.substring(colon + 1);
            } else if (colon >= 0) {
                // a bare IPv6 address
                host = addr;
                port = "";
            } else {
                host = addr;
                port = "";
            }
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        if (port.isEmpty()) {
            port = "2377";
        }
        try {
            Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(value);
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static IllegalArgumentException bad(String value) {
        return new IllegalArgumentException("invalid bind address format: " + value);
    }

    /** The flag converter: errors become pflag's "invalid argument" usage errors. */
    static final class Converter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
