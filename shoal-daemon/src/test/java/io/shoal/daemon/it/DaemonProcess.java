package io.shoal.daemon.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code shoal daemon} run from the shaded jar as its own OS process: a temp home under /tmp
 * (socket paths are short), free loopback ports, output appended to target/it-logs. Stop and start
 * again reuse the same data dir, socket and ports, as a restarted node would.
 */
final class DaemonProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("shoal.jar", "target/shoal.jar")).toAbsolutePath();
    static final Path DOCKER = Files.isExecutable(Path.of("/usr/local/bin/docker"))
            ? Path.of("/usr/local/bin/docker") : Path.of("/usr/bin/docker");
    static final String ENGINE = "unix:///run/shoal-dockerd/docker.sock";
    static final Duration CLI_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    final String name;
    final Path home;
    final Path dataDir;
    final Path socket;
    final Path logFile;
    final Path dockerConfig;
    final String ip;
    final int listenPort;
    final int raftPort;
    private final List<String> extraArgs;
    private final boolean hostnameFlag;
    /** The network namespace the daemon runs in, or null for the test's own. */
    private final String netns;
    private Process process;

    DaemonProcess(String name, List<String> extraArgs) {
        this(name, "127.0.0.1", extraArgs, true);
    }

    /** @param hostnameFlag false: the node's name comes from elsewhere (a config file) */
    DaemonProcess(String name, List<String> extraArgs, boolean hostnameFlag) {
        this(name, "127.0.0.1", extraArgs, hostnameFlag);
    }

    /** A node whose cluster and Raft ports listen on its own loopback address {@code ip} (127.0.0.x). */
    DaemonProcess(String name, String ip, List<String> extraArgs) {
        this(name, ip, extraArgs, true);
    }

    /**
     * A node in network namespace {@code netns}, where its address is {@code ip}: it has the
     * namespace's ports to itself (2377 and 2378); the test reaches its API through the socket.
     */
    static DaemonProcess inNamespace(String name, String netns, String ip, List<String> extraArgs) {
        return new DaemonProcess(name, ip, extraArgs, true, netns);
    }

    private DaemonProcess(String name, String ip, List<String> extraArgs, boolean hostnameFlag) {
        this(name, ip, extraArgs, hostnameFlag, null);
    }

    private DaemonProcess(String name, String ip, List<String> extraArgs, boolean hostnameFlag, String netns) {
        this.name = name;
        this.netns = netns;
        this.ip = ip;
        this.hostnameFlag = hostnameFlag;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            home = Files.createTempDirectory(Path.of("/tmp"), "shoal-dit-");
            dataDir = Files.createDirectories(home.resolve("data"));
            dockerConfig = Files.createDirectories(home.resolve("docker-config"));
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            logFile = logs.resolve(name + "-" + home.getFileName() + ".log").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        socket = home.resolve("shoal.sock");
        int[] ports = netns != null ? new int[] {2377, 2378} : freePorts(ip, 2);
        listenPort = ports[0];
        raftPort = ports[1];
    }

    /** Makes sure the test Docker Engine runs (tools/dockerd-up.sh is idempotent). */
    static void ensureEngine() {
        Path script = Path.of("..", "tools", "dockerd-up.sh").toAbsolutePath().normalize();
        Command.Result r = Command.run(List.of(script.toString()), Map.of(), Duration.ofMinutes(5));
        if (!r.ok()) {
            throw new IllegalStateException("cannot start the test Docker Engine:\n" + r);
        }
    }

    String host() {
        return "unix://" + socket;
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.addAll(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString(), "daemon",
                "--data-dir", dataDir.toString(),
                "--host", host(),
                "--listen-addr", ip + ":" + listenPort,
                "--advertise-addr", ip + ":" + listenPort,
                "--raft-addr", ip + ":" + raftPort));
        if (hostnameFlag) {
            cmd.addAll(List.of("--hostname", name));
        }
        cmd.addAll(extraArgs);
        return cmd;
    }

    /** Starts the process and waits until /_ping answers. */
    DaemonProcess start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the package phase first");
        }
        try {
            Files.writeString(logFile, "=== start: " + String.join(" ", command()) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().remove("DOCKER_HOST");
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("daemon exited with " + process.exitValue() + "\n" + log());
            }
            if (!Files.exists(socket)) {
                return false;
            }
            try {
                return http().get("/_ping").status() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        return this;
    }

    /** SIGTERM, and the exit code once it is gone. */
    int stop() {
        if (process == null || !process.isAlive()) {
            return process == null ? 0 : process.exitValue();
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    /** SIGKILL: the node dies at once, as in a crash (its tasks' processes are left behind). */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The cluster address other nodes join at. */
    String clusterAddr() {
        return ip + ":" + listenPort;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    UnixHttp http() {
        return new UnixHttp(socket);
    }

    /** The docker CLI against this daemon. */
    Command.Result docker(String... args) {
        return dockerAt(host(), args);
    }

    /** The docker CLI against one of this daemon's endpoints. */
    Command.Result dockerAt(String endpoint, String... args) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER.toString(), "-H", endpoint));
        cmd.addAll(List.of(args));
        return Command.run(cmd, Map.of("DOCKER_CONFIG", dockerConfig.toString(), "DOCKER_CLI_HINTS", "false"),
                CLI_TIMEOUT);
    }

    /** The docker CLI against the test Docker Engine itself. */
    Command.Result engine(String... args) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER.toString(), "-H", ENGINE));
        cmd.addAll(List.of(args));
        return Command.run(cmd, Map.of("DOCKER_CONFIG", dockerConfig.toString()), CLI_TIMEOUT);
    }

    String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Leaves the swarm (so the engine loses this node's containers), stops, deletes the temp home. */
    @Override
    public void close() {
        if (isAlive()) {
            docker("swarm", "leave", "--force");
            stop();
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder: best effort
        }
    }

    static int[] freePorts(int n) {
        return freePorts("127.0.0.1", n);
    }

    static int[] freePorts(String ip, int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a probe
                }
            }
        }
    }
}
