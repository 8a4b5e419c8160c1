package io.shoal.cli.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.format.Csv;
import io.shoal.cli.format.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Checks and conversions for single values of service flags, worded as docker's opts package. */
public final class OptionValues {
    private static final Pattern NETWORK_LONG_SYNTAX = Pattern.compile("\\w+=\\w+(,\\w+=\\w+)*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private OptionValues() {}

    /** {@code ValidateEnv}: {@code KEY=value}, or {@code KEY} taking the value from the environment. */
    public static String env(String value, Function<String, String> environment) {
        int eq = value.indexOf('=');
        String key = eq < 0 ? value : value.substring(0, eq);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("invalid environment variable: " + value);
        }
        if (eq >= 0) {
            return value;
        }
        String fromEnv = environment.apply(key);
        return fromEnv != null ? key + "=" + fromEnv : value;
    }

    /** {@code ValidateLabel}: a non-empty key without whitespace. */
    public static String label(String value) {
        int eq = value.indexOf('=');
        String key = (eq < 0 ? value : value.substring(0, eq)).replaceAll("^[ \\t\\n\\r\\f]+", "");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("invalid label '" + value + "': empty name");
        }
        if (key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("label '" + key + "' contains whitespaces");
        }
        return value;
    }

    /** {@code ValidateExtraHost}: {@code name:ip} or {@code name=ip}. */
    public static String extraHost(String value) {
        int sep = value.indexOf('=');
        if (sep < 0) {
            sep = value.indexOf(':');
        }
        if (sep <= 0) {
            throw new IllegalArgumentException("bad format for add-host: \"" + value + "\"");
        }
        String ip = value.substring(sep + 1);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!ip.equals("host-gateway") && !isIp(ip)) {
            throw new IllegalArgumentException("invalid IP address in add-host: \"" + ip + "\"");
        }
        return value.substring(0, sep) + ":" + value.substring(sep + 1);
    }

    /** {@code ValidateIPAddress} for {@code --dns}. */
    public static String ipAddress(String value) {
        String v = value.strip();
        if (!isIp(v)) {
            throw new IllegalArgumentException("IP address is not correctly formatted: " + value);
        }
        return v;
    }

    static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (s.indexOf(':') >= 0 && s.matches("[0-9a-fA-F:.]+")) {
            try {
                java.net.InetAddress.getByName(s);
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** {@code --host name:ip} as SwarmKit stores it: {@code "ip name"}. */
    public static String swarmHost(String extraHost) {
        int colon = extraHost.indexOf(':');
        return colon < 0 ? null : extraHost.substring(colon + 1) + " " + extraHost.substring(0, colon);
    }

    /** {@code --placement-pref spread=node.labels.zone}. */
    public static ObjectNode placementPreference(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("placement preference must be of the format \"<strategy>=<arg>\"");
        }
        String strategy = value.substring(0, eq);
        if (!strategy.equals("spread")) {
            throw new IllegalArgumentException("unsupported placement preference " + strategy + " (only spread is supported)");
        }
        ObjectNode pref = JsonTrees.object();
        pref.putObject("Spread").put("SpreadDescriptor", value.substring(eq + 1));
        return pref;
    }

    /** {@code --network name} or {@code name=x,alias=y,driver-opt=k=v}: a NetworkAttachmentConfig with an unresolved Target. */
    public static ObjectNode network(String value) {
        ObjectNode n = JsonTrees.object();
        if (!NETWORK_LONG_SYNTAX.matcher(value).find()) {
            n.put("Target", value);
            return n;
        }
        String target = "";
        List<String> aliases = new ArrayList<>();
        ObjectNode driverOpts = null;
        for (String field : Csv.fields(value)) {
            String lower = field.toLowerCase(Locale.ROOT);
            int eq = lower.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid field " + field);
            }
            String key = lower.substring(0, eq).strip();
            String val = lower.substring(eq + 1).strip();
            switch (key) {
                case "name" -> target = val;
                case "alias" -> aliases.add(val);
                case "driver-opt" -> {
                    int e = val.indexOf('=');
                    if (e <= 0) {
                        throw new IllegalArgumentException("invalid key value pair format in driver options");
                    }
                    if (driverOpts == null) {
                        driverOpts = JsonTrees.object();
                    }
                    driverOpts.put(val.substring(0, e).strip(), val.substring(e + 1).strip());
                }
                case "ip", "ip6", "mac-address", "link-local-ip", "gw-priority" -> { }
                default -> throw new IllegalArgumentException("invalid field key " + key);
            }
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("network name/id is not specified");
        }
        n.put("Target", target);
        if (!aliases.isEmpty()) {
            n.set("Aliases", JsonTrees.strings(aliases));
        }
        if (driverOpts != null) {
            n.set("DriverOpts", driverOpts);
        }
        return n;
    }

    /** {@code --ulimit nofile=1024[:2048]}: {@code {"Name","Hard","Soft"}}. */
    public static ObjectNode ulimit(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("invalid ulimit argument: " + value);
        }
        String name = value.substring(0, eq);
        if (!List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
                "rtprio", "rttime", "sigpending", "stack").contains(name)) {
            throw new IllegalArgumentException("invalid ulimit type: " + name);
        }
        String[] limits = value.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new IllegalArgumentException("too many limit value arguments - " + value.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        long soft;
        long hard;
        try {
            soft = Long.parseLong(limits[0]);
            hard = limits.length == 2 ? Long.parseLong(limits[1]) : soft;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid ulimit argument: " + value);
        }
        if (soft > hard) {
            throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
        }
        ObjectNode u = JsonTrees.object();
        u.put("Name", name);
        u.put("Hard", hard);
        u.put("Soft", soft);
        return u;
    }

    /** docker's capability spelling: upper case with a {@code CAP_} prefix, except ALL and RESET. */
    public static String capability(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        if (n.equals("ALL") || n.equals("RESET")) {
            return n;
        }
        return n.startsWith("CAP_") ? n : "CAP_" + n;
    }

    /** {@code EffectiveCapAddCapDrop}: ALL wins on its side; a capability both added and dropped cancels out. */
    public static List<List<String>> effectiveCaps(List<String> add, List<String> drop) {
        TreeSet<String> adds = new TreeSet<>();
        TreeSet<String> drops = new TreeSet<>();
        if (add != null) {
            add.forEach(c -> adds.add(capability(c)));
        }
        if (drop != null) {
            drop.forEach(c -> drops.add(capability(c)));
        }
        if (adds.contains("ALL")) {
            adds.retainAll(List.of("ALL"));
        }
        if (drops.contains("ALL")) {
            drops.retainAll(List.of("ALL"));
        }
        List<String> capDrop = new ArrayList<>();
        for (String c : drops) {
            if (adds.contains(c)) {
                adds.remove(c);
            } else {
                capDrop.add(c);
            }
        }
        return List.of(new ArrayList<>(adds), capDrop);
    }

    /** {@code KEY=value} list to a map; a value-less entry maps to "". */
    public static Map<String, String> keyValues(List<String> values) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (values != null) {
            for (String v : values) {
                int eq = v.indexOf('=');
                out.put(eq < 0 ? v : v.substring(0, eq), eq < 0 ? "" : v.substring(eq + 1));
            }
        }
        return out;
    }
}
