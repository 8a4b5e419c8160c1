package io.shoal.manager.scheduler;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One placement constraint, {@code key==value} or {@code key!=value}, as Swarm parses and matches
 * them: values compare case-insensitively, label names case-sensitively, a missing attribute is
 * {@code ""}, and an unknown key never matches.
 */
public record Constraint(String key, boolean equal, String value) {
    public static final String NODE_LABEL_PREFIX = "node.labels.";
    public static final String ENGINE_LABEL_PREFIX = "engine.labels.";

    private static final Pattern KEY = Pattern.compile("^(?i)[a-z_][a-z0-9\\-_.]+$");
    private static final Pattern VALUE = Pattern.compile("^(?i)[a-z0-9:\\-_\\s.*()?+\\[\\]\\\\^$|/]+$");
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$");

    public Constraint {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }

    /** Parses constraint expressions; IllegalArgumentException with Swarm's message when one is malformed. */
    public static List<Constraint> parse(List<String> exprs) {
        if (exprs == null || exprs.isEmpty()) {
            return List.of();
        }
        List<Constraint> out = new ArrayList<>(exprs.size());
        for (String e : exprs) {
            out.add(parse(e));
        }
        return List.copyOf(out);
    }

    public static Constraint parse(String expr) {
        // "==" is tried first, like Swarm, so "a!=b" is never read as an equality.
        for (String op : List.of("==", "!=")) {
            int at = expr.indexOf(op);
            if (at < 0) {
                continue;
            }
            String k = expr.substring(0, at).strip();
            String v = expr.substring(at + 2).strip();
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("key '" + k + "' is invalid");
            }
            if (!VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("value '" + v + "' is invalid");
            }
            return new Constraint(k, op.equals("=="), v);
        }
        throw new IllegalArgumentException("constraint expected one operator from ==, !=");
    }

    /** Parses, treating malformed constraints (the API validated them already) as matching nothing. */
    public static List<Constraint> parseOrUnsatisfiable(List<String> exprs) {
        try {
            return parse(exprs);
        } catch (IllegalArgumentException e) {
            return List.of(new Constraint("invalid", true, "constraint"));
        }
    }

    public boolean matches(String actual) {
        boolean same = value.equalsIgnoreCase(actual == null ? "" : actual);
        return equal == same;
    }

    public static boolean nodeMatches(List<Constraint> constraints, Node node) {
        for (Constraint c : constraints) {
            if (!c.matches(node)) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(Node n) {
        String k = key.toLowerCase(Locale.ROOT);
        Node.Description d = n.description();
        switch (k) {
            case "node.id":
                return matches(n.id());
            case "node.hostname":
                return matches(d == null ? "" : d.hostname());
            case "node.role":
                return matches(n.spec() == null || n.spec().role() == null ? "" : n.spec().role().wire());
            case "node.platform.os":
                return matches(d == null || d.platform() == null ? "" : d.platform().os());
            case "node.platform.arch":
                return matches(d == null || d.platform() == null ? "" : d.platform().architecture());
            case "node.ip":
                return matchesIp(n.status() == null ? null : n.status().addr());
            default:
                break;
        }
        if (k.length() > NODE_LABEL_PREFIX.length() && k.startsWith(NODE_LABEL_PREFIX)) {
            Map<String, String> labels = n.spec() == null ? null : n.spec().labels();
            return matches(labels == null ? "" : labels.get(key.substring(NODE_LABEL_PREFIX.length())));
        }
        if (k.length() > ENGINE_LABEL_PREFIX.length() && k.startsWith(ENGINE_LABEL_PREFIX)) {
            Map<String, String> labels = d == null || d.engine() == null ? null : d.engine().labels();
            return matches(labels == null ? "" : labels.get(key.substring(ENGINE_LABEL_PREFIX.length())));
        }
        return false; // unknown key
    }

    /** node.ip: the node's address equals an IP, or lies in a CIDR subnet; anything else never matches. */
    private boolean matchesIp(String addr) {
        byte[] node = literalIp(addr);
        int slash = value.indexOf('/');
        byte[] want = literalIp(slash < 0 ? value : value.substring(0, slash));
        if (want == null) {
            return false;
        }
        boolean hit;
        if (slash < 0) {
            hit = node != null && java.util.Arrays.equals(node, want);
        } else {
            int bits;
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > want.length * 8) {
                return false;
            }
            hit = node != null && node.length == want.length && prefix(node, bits).equals(prefix(want, bits));
        }
        return equal == hit;
    }

    private static BigInteger prefix(byte[] ip, int bits) {
        return new BigInteger(1, ip).shiftRight(ip.length * 8 - bits);
    }

    /** The bytes of a literal IPv4/IPv6 address; null for anything else (never a DNS lookup). */
    private static byte[] literalIp(String s) {
        if (s == null || s.isEmpty() || !(IPV4.matcher(s).matches() || IPV6.matcher(s).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return key + (equal ? "==" : "!=") + value;
    }
}
