package io.shoal.cli.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.format.Csv;
import io.shoal.cli.format.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code --publish} values as docker reads them: {@code published=8080,target=80[,protocol=udp][,mode=host]}
 * or the short {@code [hostPort[-end]:]containerPort[-end][/proto]}; each becomes a
 * {@code PortConfig} ({@code {"Protocol","TargetPort","PublishedPort","PublishMode"}}).
 */
public final class PortSpecs {
    private static final Pattern LONG_SYNTAX = Pattern.compile("\\w+=\\w+(,\\w+=\\w+)*");

    private PortSpecs() {}

    public static List<ObjectNode> parse(String value) {
        if (LONG_SYNTAX.matcher(value).find()) {
            return List.of(parseLong(value));
        }
        return parseShort(value);
    }

    private static ObjectNode parseLong(String value) {
        String protocol = "";
        String mode = "";
        long target = 0;
        long published = 0;
        for (String field : Csv.fields(value)) {
            String lower = field.toLowerCase(Locale.ROOT);
            int eq = lower.indexOf('=');
            if (eq <= 0) {
                throw bad("invalid field: " + field);
            }
            String key = lower.substring(0, eq);
            String val = lower.substring(eq + 1);
            switch (key) {
                case "protocol" -> {
                    if (!val.equals("tcp") && !val.equals("udp") && !val.equals("sctp")) {
                        throw bad("invalid protocol value '" + val + "'");
                    }
                    protocol = val;
                }
                case "mode" -> {
                    if (!val.equals("ingress") && !val.equals("host")) {
                        throw bad("invalid publish mode value (" + val + "): must be either 'ingress' or 'host'");
                    }
                    mode = val;
                }
                case "target" -> target = port(val, "invalid target port (" + val + "): value must be an integer: ");
                case "published" -> published = port(val, "invalid published port (" + val + "): value must be an integer: ");
                default -> throw bad("invalid field key: " + key);
            }
        }
        if (target == 0) {
            throw bad("missing mandatory field 'target'");
        }
        return config(protocol.isEmpty() ? "tcp" : protocol, target, published, mode.isEmpty() ? "ingress" : mode);
    }

    private static long port(String v, String prefix) {
        try {
            long p = Long.parseLong(v);
            if (p < 0 || p > 65535) {
                throw bad(prefix + "value out of range");
            }
            return p;
        } catch (NumberFormatException e) {
            throw bad(prefix + "invalid syntax");
        }
    }

    private static List<ObjectNode> parseShort(String raw) {
        String[] parts = raw.split(":", -1);
        int n = parts.length;
        String containerPort = parts[n - 1];
        String hostPort = n >= 2 ? parts[n - 2] : "";
        String ip = n >= 3 ? String.join(":", java.util.Arrays.copyOf(parts, n - 2)) : "";
        String proto = "tcp";
        int slash = containerPort.indexOf('/');
        if (slash >= 0) {
            proto = containerPort.substring(slash + 1);
            containerPort = containerPort.substring(0, slash);
        }
        if (!ip.isEmpty()) {
            String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
            throw bad(OptionValues.isIp(bare) ? "hostip is not supported" : "invalid IP address: " + ip);
        }
        if (containerPort.isEmpty()) {
            throw bad("no port specified: " + raw + "<empty>");
        }
        long[] c = range(containerPort, "invalid containerPort: " + containerPort);
        long[] h = hostPort.isEmpty() ? new long[] {0, 0} : range(hostPort, "invalid hostPort: " + hostPort);
        if (!hostPort.isEmpty() && (c[1] - c[0]) != (h[1] - h[0]) && c[1] != c[0]) {
            throw bad("invalid ranges specified for container and host Ports: " + containerPort + " and " + hostPort);
        }
        String protocol = proto.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw bad("invalid proto: " + proto);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (long i = 0; i <= c[1] - c[0]; i++) {
            long target = c[0] + i;
            if (hostPort.isEmpty()) {
                out.add(config(protocol, target, 0, "ingress"));
            } else if (c[0] == c[1] && h[0] != h[1]) {
                // one container port published on every port of a host range
                for (long p = h[0]; p <= h[1]; p++) {
                    out.add(config(protocol, target, p, "ingress"));
                }
            } else {
                out.add(config(protocol, target, h[0] + i, "ingress"));
            }
        }
        return out;
    }

    private static long[] range(String s, String error) {
        try {
            int dash = s.indexOf('-');
            if (dash < 0) {
                long p = Long.parseLong(s);
                check(p, error);
                return new long[] {p, p};
            }
            long start = Long.parseLong(s.substring(0, dash));
            long end = Long.parseLong(s.substring(dash + 1));
            check(start, error);
            check(end, error);
            if (end < start) {
                throw bad(error);
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            throw bad(error);
        }
    }

    private static void check(long p, String error) {
        if (p < 0 || p > 65535) {
            throw bad(error);
        }
    }

    static ObjectNode config(String protocol, long target, long published, String mode) {
        ObjectNode o = JsonTrees.object();
        o.put("Protocol", protocol);
        o.put("TargetPort", target);
        if (published != 0) {
            o.put("PublishedPort", published);
        }
        o.put("PublishMode", mode);
        return o;
    }

    /** "published:target/protocol/mode", the key docker dedupes and sorts ports by. */
    static String key(com.fasterxml.jackson.databind.JsonNode p) {
        return p.path("PublishedPort").asLong(0) + ":" + p.path("TargetPort").asLong(0) + "/"
                + p.path("Protocol").asText("") + "/" + p.path("PublishMode").asText("");
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException(message);
    }
}
