package io.shoal.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One {@code shoal daemon} as a separate OS process, started from the shaded jar with its own
 * data folder and unix socket (under /tmp: socket paths are limited to 107 bytes) and free
 * loopback ports. {@link #stop()} sends SIGTERM, as a supervisor would; {@link #kill9()} is for
 * failure tests. The same data folder, socket and ports are used again on {@link #start()}
 * after a stop, so a restart finds its state. Output goes to a log file kept for failures.
 */
public final class ShoalDaemonProcess implements AutoCloseable {
    /** Label the docker executor puts on every container: the node that runs it. */
    public static final String NODE_LABEL = "com.docker.swarm.node.id";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    /**
     * @param name       short name for the host name, the log file and the temp folder
     * @param executor   docker, process or sim
     * @param engineHost the Docker Engine for the docker executor (unix://...), or null
     * @param extraArgs  more daemon flags
     */
    public record Options(String name, String executor, String engineHost, List<String> extraArgs) {
        public Options {
            requireNonNull(name, "name");
            requireNonNull(executor, "executor");
            extraArgs = List.copyOf(extraArgs);
        }

        public static Options docker(String name, ItEnvironment env) {
            return new Options(name, "docker", env.engineHost(), List.of());
        }

        public static Options process(String name) {
            return new Options(name, "process", null, List.of());
        }

        public Options withArgs(String... args) {
            List<String> all = new ArrayList<>(extraArgs);
            all.addAll(List.of(args));
            return new Options(name, executor, engineHost, all);
        }
    }

    private final ItEnvironment env;
    private final Options options;
    private final Path home;
    private final Path dataDir;
    private final Path socket;
    private final int listenPort;
    private final int raftPort;
    private final Path logFile;
    private Process process;
    private String nodeId;

    public ShoalDaemonProcess(ItEnvironment env, Options options) {
        this.env = requireNonNull(env, "env");
        this.options = requireNonNull(options, "options");
        try {
            this.home = Files.createTempDirectory(Path.of("/tmp"), "shoal-it-");
            this.dataDir = Files.createDirectories(home.resolve("data"));
            this.socket = home.resolve("shoal.sock");
            Files.createDirectories(env.logDir());
            this.logFile = env.logDir().resolve(options.name() + "-" + home.getFileName() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] ports = freeLoopbackPorts(2);
        this.listenPort = ports[0];
        this.raftPort = ports[1];
    }

    /** Starts a daemon and waits until it answers /_ping. */
    public static ShoalDaemonProcess started(ItEnvironment env, Options options) {
        ShoalDaemonProcess d = new ShoalDaemonProcess(env, options);
        try {
            d.start();
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** The endpoint for {@code -H} / DOCKER_HOST / SHOAL_HOST. */
    public String host() {
        return "unix://" + socket;
    }

    public Path socket() {
        return socket;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public String listenAddr() {
        return "127.0.0.1:" + listenPort;
    }

    public UnixHttp http() {
        return new UnixHttp(socket);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.pid();
    }

    public List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(ItEnvironment.currentJava().toString()));
        cmd.addAll(ItEnvironment.jdkOptions());
        cmd.addAll(List.of("-jar", env.shoalJar().toString(),
                "daemon",
                "--data-dir", dataDir.toString(),
                "--host", host(),
                "--listen-addr", listenAddr(),
                "--advertise-addr", listenAddr(),
                "--raft-addr", "127.0.0.1:" + raftPort,
                "--hostname", options.name(),
                "--executor", options.executor()));
        if (options.engineHost() != null) {
            cmd.addAll(List.of("--docker-host", options.engineHost()));
        }
        cmd.addAll(options.extraArgs());
        return cmd;
    }

    /** Starts the process (again, after a stop) and waits until /_ping answers. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (!Files.isRegularFile(env.shoalJar())) {
            throw new IllegalStateException(env.shoalJar() + " is missing: build it with ./mvnw -pl shoal-daemon -am package");
        }
        try {
            Files.writeString(logFile, "=== start: " + String.join(" ", command()) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().remove("DOCKER_HOST");
            pb.environment().remove("SHOAL_HOST");
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the daemon", e);
        }
        awaitPing();
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("daemon exited with " + process.exitValue() + " before answering /_ping\n" + logTail(60));
            }
            if (Files.exists(socket)) {
                try {
                    HttpResult r = http().get("/_ping");
                    if (r.status() == 200) {
                        return;
                    }
                    last = "status " + r.status() + ": " + r.body();
                } catch (UncheckedIOException e) {
                    last = e.getMessage();
                }
            }
            pause(100);
        }
        throw new IllegalStateException("daemon did not answer /_ping within " + START_TIMEOUT + " (" + last + ")\n" + logTail(60));
    }

    /** SIGTERM, then waits for the exit (SIGKILL after a while); returns the exit code. */
    public synchronized int stop() {
        if (process == null) {
            return 0;
        }
        rememberNodeId();
        process.destroy();
        return awaitExit(STOP_TIMEOUT);
    }

    /** SIGKILL: the daemon gets no chance to clean up. Its children (if any) are left alone. */
    public synchronized int kill9() {
        if (process == null) {
            return 0;
        }
        rememberNodeId();
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(10));
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                appendLog("=== did not exit within " + timeout + " of SIGTERM: SIGKILL");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        appendLog("=== exited with " + code);
        return code;
    }

    /** The node ID from /info, kept to clean up this node's containers after the daemon is gone. */
    public synchronized String nodeId() {
        rememberNodeId();
        return nodeId;
    }

    private void rememberNodeId() {
        if (!isRunning()) {
            return;
        }
        try {
            String id = http().get("/info").json().path("Swarm").path("NodeID").asText("");
            if (!id.isEmpty()) {
                nodeId = id;
            }
        } catch (RuntimeException e) {
            // not answering: keep what we had
        }
    }

    /** Resident set size of the daemon process in KiB (from /proc), or -1 when not running. */
    public long rssKib() {
        if (!isRunning()) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid()), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The last {@code n} lines of the daemon's output, for failure messages. */
    public String logTail(int n) {
        List<String> lines = log().lines().toList();
        return "--- " + logFile + " (last " + n + " lines)\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private void appendLog(String line) {
        try {
            Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is only an aid
        }
    }

    /**
     * Stops the daemon, removes the containers it ran on the engine (found by the node label)
     * and deletes its temp folder. The log stays.
     */
    @Override
    public synchronized void close() {
        if (isRunning()) {
            stop();
        }
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        if (nodeId != null && options.engineHost() != null) {
            DockerCli engine = DockerCli.against(env, options.engineHost());
            CommandResult ids = engine.run("ps", "-aq", "--filter", "label=" + NODE_LABEL + "=" + nodeId);
            if (ids.ok() && !ids.lines().isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(ids.lines());
                engine.run(rm.toArray(String[]::new));
            }
        }
        deleteTree(home);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp folder: best effort
        }
    }

    /** Distinct free TCP ports on 127.0.0.1 (free at the time of asking). */
    public static int[] freeLoopbackPorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
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
                    // closing a probe socket
                }
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
