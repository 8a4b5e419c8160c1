package io.shoal.daemon.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node's settings, resolved from (highest first) command-line flags, the config file, and
 * the defaults below. Keys are the flag names without dashes' prefix ({@code data-dir}, ...).
 *
 * <table>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>data-dir</td><td>/var/lib/shoal</td></tr>
 *   <tr><td>host</td><td>unix:///var/run/shoal.sock (repeatable)</td></tr>
 *   <tr><td>listen-addr</td><td>0.0.0.0:2377 (cluster traffic)</td></tr>
 *   <tr><td>advertise-addr</td><td>none: chosen at {@code swarm init} from the listen address or the single
 *       non-loopback interface</td></tr>
 *   <tr><td>raft-addr</td><td>the listen host, port 2378 (Ratis' own port)</td></tr>
 *   <tr><td>hostname</td><td>the machine's host name</td></tr>
 *   <tr><td>executor</td><td>docker when an engine answers at docker-host, else process</td></tr>
 *   <tr><td>docker-host</td><td>$DOCKER_HOST, else unix:///var/run/docker.sock</td></tr>
 *   <tr><td>log-level</td><td>info</td></tr>
 *   <tr><td>session-loss-grace</td><td>1s: a manager marks a node DOWN this long after its session's
 *       connection broke (a killed process) unless it reconnects; the heartbeat TTL (3 x 5 s) covers silent
 *       failures</td></tr>
 *   <tr><td>min-cert-expiry</td><td>1h (Docker's): the shortest node certificate lifetime {@code swarm init/update
 *       --cert-expiry} accepts on this manager; tests lower it to minutes (not below 1m)</td></tr>
 *   <tr><td>node-generic-resource</td><td>none: KIND=VALUE resources this node advertises beyond CPUs and
 *       memory (repeatable; dockerd's flag, see {@link GenericResourceFlags})</td></tr>
 *   <tr><td>tlsverify</td><td>false: TCP endpoints serve plain HTTP, allowed on loopback only; true: every TCP
 *       endpoint serves mutual TLS with tlscacert, tlscert and tlskey (PEM files, all required)</td></tr>
 * </table>
 */
public record DaemonConfig(
        Path dataDir,
        List<HostAddress> hosts,
        HostPort listenAddr,
        Optional<String> advertiseAddr,
        HostPort raftAddr,
        String hostname,
        Optional<ExecutorKind> executor,
        String dockerHost,
        String logLevel,
        Optional<ApiTls> tls,
        Duration sessionLossGrace,
        Duration minCertExpiry,
        Optional<com.fasterxml.jackson.databind.JsonNode> genericResources) {

    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/shoal");
    public static final String DEFAULT_HOST = "unix:///var/run/shoal.sock";
    public static final int DEFAULT_LISTEN_PORT = 2377;
    public static final String DEFAULT_LISTEN_ADDR = "0.0.0.0:" + DEFAULT_LISTEN_PORT;
    public static final int DEFAULT_RAFT_PORT = 2378;
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    public static final String DEFAULT_LOG_LEVEL = "info";
    public static final Duration DEFAULT_SESSION_LOSS_GRACE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MIN_CERT_EXPIRY = Duration.ofHours(1);

    /** Every key a flag or the config file may set. */
    public static final List<String> KEYS = List.of("data-dir", "host", "listen-addr", "advertise-addr", "raft-addr",
            "hostname", "executor", "docker-host", "log-level", "tlsverify", "tlscacert", "tlscert", "tlskey", "session-loss-grace", "min-cert-expiry",
            "node-generic-resource");

    public DaemonConfig {
        requireNonNull(dataDir, "dataDir is null");
        hosts = List.copyOf(hosts);
        requireNonNull(listenAddr, "listenAddr is null");
        requireNonNull(advertiseAddr, "advertiseAddr is null");
        requireNonNull(raftAddr, "raftAddr is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(executor, "executor is null");
        requireNonNull(dockerHost, "dockerHost is null");
        requireNonNull(logLevel, "logLevel is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(sessionLossGrace, "sessionLossGrace is null");
        requireNonNull(minCertExpiry, "minCertExpiry is null");
        requireNonNull(genericResources, "genericResources is null");
        if (minCertExpiry.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("min-cert-expiry cannot be below 1m");
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no --host to serve the API on");
        }
    }

    /**
     * Resolves the settings. {@code flags} and {@code file} map keys to their values (several for
     * {@code host}); {@code env} is the process environment (for DOCKER_HOST).
     */
    public static DaemonConfig resolve(Map<String, List<String>> flags, Map<String, List<String>> file,
                                       Map<String, String> env) {
        for (String k : file.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown setting '" + k + "' in the config file; known: "
                        + String.join(", ", KEYS));
            }
        }
        Settings s = new Settings(flags, file);
        Path dataDir = Path.of(s.one("data-dir").orElse(DEFAULT_DATA_DIR.toString())).toAbsolutePath().normalize();
        List<HostAddress> hosts = new ArrayList<>();
        for (String h : s.many("host").orElse(List.of(DEFAULT_HOST))) {
            hosts.add(HostAddress.parse(h));
        }
        HostPort listen = HostPort.parse(s.one("listen-addr").orElse(DEFAULT_LISTEN_ADDR), "0.0.0.0", DEFAULT_LISTEN_PORT);
        Optional<String> advertise = s.one("advertise-addr").filter(a -> !a.isBlank());
        HostPort raft = s.one("raft-addr")
                .map(a -> HostPort.parse(a, listen.host(), DEFAULT_RAFT_PORT))
                .orElse(new HostPort(listen.host(), DEFAULT_RAFT_PORT));
        String hostname = s.one("hostname").filter(h -> !h.isBlank()).orElseGet(DaemonConfig::machineHostname);
        Optional<ExecutorKind> executor = s.one("executor").filter(e -> !e.isBlank() && !e.equals("auto"))
                .map(ExecutorKind::parse);
        String dockerHost = s.one("docker-host").filter(h -> !h.isBlank())
                .or(() -> Optional.ofNullable(env.get("DOCKER_HOST")).filter(h -> !h.isBlank()))
                .orElse(DEFAULT_DOCKER_HOST);
        String logLevel = s.one("log-level").orElse(DEFAULT_LOG_LEVEL);
        Duration grace = s.one("session-loss-grace").map(v -> duration("session-loss-grace", v))
                .orElse(DEFAULT_SESSION_LOSS_GRACE);
        Duration minCert = s.one("min-cert-expiry").map(v -> duration("min-cert-expiry", v))
                .orElse(DEFAULT_MIN_CERT_EXPIRY);
        Optional<com.fasterxml.jackson.databind.JsonNode> generic = Optional.ofNullable(
                GenericResourceFlags.parse(s.many("node-generic-resource").orElse(List.of())));
        return new DaemonConfig(dataDir, hosts, listen, advertise, raft, hostname, executor, dockerHost, logLevel,
                tls(s), grace, minCert, generic);
    }

    private static Duration duration(String key, String value) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + key + ": " + e.getMessage());
        }
    }

    /** dockerd's --tlsverify with its three files; the files without --tlsverify are a mistake worth saying. */
    private static Optional<ApiTls> tls(Settings s) {
        boolean verify = s.one("tlsverify").map(v -> v.isBlank() || Boolean.parseBoolean(v.trim())).orElse(false);
        Optional<String> ca = s.one("tlscacert").filter(v -> !v.isBlank());
        Optional<String> cert = s.one("tlscert").filter(v -> !v.isBlank());
        Optional<String> key = s.one("tlskey").filter(v -> !v.isBlank());
        if (!verify) {
            if (ca.isPresent() || cert.isPresent() || key.isPresent()) {
                throw new IllegalArgumentException("--tlscacert, --tlscert and --tlskey need --tlsverify: the API "
                        + "serves TLS only as mutual TLS");
            }
            return Optional.empty();
        }
        if (ca.isEmpty() || cert.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("--tlsverify needs --tlscacert, --tlscert and --tlskey");
        }
        return Optional.of(new ApiTls(Path.of(ca.get()), Path.of(cert.get()), Path.of(key.get())));
    }

    /** The machine's host name, without a DNS lookup when the kernel knows it. */
    static String machineHostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Flags over file. */
    private record Settings(Map<String, List<String>> flags, Map<String, List<String>> file) {
        Optional<List<String>> many(String key) {
            List<String> v = flags.get(key);
            if (v == null || v.isEmpty()) {
                v = file.get(key);
            }
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
        }

        Optional<String> one(String key) {
            return many(key).map(l -> l.get(l.size() - 1));
        }
    }
}
