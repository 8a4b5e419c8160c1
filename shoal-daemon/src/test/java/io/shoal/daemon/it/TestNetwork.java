package io.shoal.daemon.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private network of hosts for one test: a network namespace per host, each with an {@code eth0}
 * on one bridge that lives in a namespace of its own, so nothing is added to the machine's own
 * network. Addresses are 10.213.0.x/24. A host can be cut off (every packet on its eth0 dropped,
 * both ways) and joined again. Needs root, {@code ip} and {@code iptables}.
 */
final class TestNetwork implements AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(20);
    private final String prefix;
    private final String switchNs;
    private final List<String> hosts = new ArrayList<>();

    TestNetwork() {
        // short and unique: interface names are at most 15 characters
        prefix = "sh" + Long.toString(ProcessHandle.current().pid() % 100_000, 36);
        switchNs = prefix + "-sw";
        run("ip", "netns", "add", switchNs);
        run("ip", "-n", switchNs, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", switchNs, "link", "set", "br0", "up");
    }

    /** Can this machine build such a network (root, ip, iptables)? */
    static boolean available() {
        Command.Result r = Command.run(List.of("sh", "-c",
                "[ \"$(id -u)\" = 0 ] && command -v ip && command -v iptables"), Map.of(), STEP);
        return r.ok();
    }

    /** Adds host number {@code n} (1..250); returns its namespace. Its address is {@link #address}. */
    String addHost(int n) {
        String ns = prefix + "-h" + n;
        String port = prefix + "p" + n;
        run("ip", "netns", "add", ns);
        run("ip", "-n", switchNs, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
        run("ip", "-n", switchNs, "link", "set", port, "master", "br0", "up");
        run("ip", "-n", ns, "addr", "add", address(n) + "/24", "dev", "eth0");
        run("ip", "-n", ns, "link", "set", "eth0", "up");
        run("ip", "-n", ns, "link", "set", "lo", "up");
        hosts.add(ns);
        return ns;
    }

    static String address(int n) {
        return "10.213.0." + n;
    }

    /** Drops every packet in and out of {@code ns}'s eth0 (its connections hang, as in a real partition). */
    void cut(String ns) {
        run("ip", "netns", "exec", ns, "iptables", "-I", "INPUT", "-i", "eth0", "-j", "DROP");
        run("ip", "netns", "exec", ns, "iptables", "-I", "OUTPUT", "-o", "eth0", "-j", "DROP");
    }

    void heal(String ns) {
        run("ip", "netns", "exec", ns, "iptables", "-D", "INPUT", "-i", "eth0", "-j", "DROP");
        run("ip", "netns", "exec", ns, "iptables", "-D", "OUTPUT", "-o", "eth0", "-j", "DROP");
    }

    @Override
    public void close() {
        for (String ns : hosts) {
            Command.run(List.of("ip", "netns", "delete", ns), Map.of(), STEP);
        }
        Command.run(List.of("ip", "netns", "delete", switchNs), Map.of(), STEP);
    }

    private static void run(String... cmd) {
        Command.Result r = Command.run(List.of(cmd), Map.of(), STEP);
        if (!r.ok()) {
            throw new IllegalStateException("network set-up failed: " + r);
        }
    }
}
