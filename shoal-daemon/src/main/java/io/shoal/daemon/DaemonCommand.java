package io.shoal.daemon;

import io.shoal.daemon.config.ConfigFile;
import io.shoal.daemon.config.DaemonConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shoal daemon}: flags, then the config file, then defaults (see {@link DaemonConfig}). */
@Command(name = "shoal daemon", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = DaemonCommand.Version.class,
        description = "Runs a Shoal node: the Docker Engine API for swarm objects, the manager and the agent.",
        footer = {"", "Every flag can also be set in --config FILE (JSON or properties; keys are the flag names "
                + "without the leading --, e.g. \"data-dir\"); flags win over the file.",
                "SIGTERM or SIGINT stop the node and leave its tasks running."})
final class DaemonCommand implements Callable<Integer> {
    /** {@code --version}: this build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Shoal " + BuildInfo.load().version()};
        }
    }

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State of this node (default: /var/lib/shoal)")
    String dataDir;

    @Option(names = {"-H", "--host"}, paramLabel = "ADDR",
            description = "Where the API listens, repeatable: unix:///path or tcp://127.0.0.1:port "
                    + "(default: unix:///var/run/shoal.sock)")
    List<String> hosts;

    @Option(names = "--listen-addr", paramLabel = "ADDR[:PORT]", description = "Cluster port (default: 0.0.0.0:2377)")
    String listenAddr;

    @Option(names = "--advertise-addr", paramLabel = "ADDR[:PORT]",
            description = "Address other nodes reach this one at (default: chosen at swarm init)")
    String advertiseAddr;

    @Option(names = "--raft-addr", paramLabel = "ADDR[:PORT]",
            description = "Raft transport of a manager (default: the listen host, port 2378)")
    String raftAddr;

    @Option(names = "--hostname", description = "Node name (default: the machine's host name)")
    String hostname;

    @Option(names = "--executor", paramLabel = "docker|process|sim",
            description = "What runs tasks (default: docker when an engine answers at --docker-host, else process)")
    String executor;

    @Option(names = "--docker-host", paramLabel = "ADDR",
            description = "Docker Engine for the docker executor (default: $DOCKER_HOST, else unix:///var/run/docker.sock)")
    String dockerHost;

    @Option(names = "--session-loss-grace", paramLabel = "DURATION",
            description = "Managers: a node whose connection broke is DOWN after this unless it reconnects (default: 1s)")
    String sessionLossGrace;

    @Option(names = "--min-cert-expiry", paramLabel = "DURATION",
            description = "Managers: shortest --cert-expiry accepted (default: 1h, as Docker; lower only for tests, min 1m)")
    String minCertExpiry;

    @Option(names = "--tlsverify", description = "Serve every tcp:// --host with mutual TLS: clients need a "
            + "certificate signed by --tlscacert (required for addresses other than loopback)")
    boolean tlsVerify;

    @Option(names = "--tlscacert", paramLabel = "FILE", description = "CA certificate(s) clients must be signed by (PEM)")
    String tlsCaCert;

    @Option(names = "--tlscert", paramLabel = "FILE", description = "The API's TLS certificate (PEM)")
    String tlsCert;

    @Option(names = "--tlskey", paramLabel = "FILE", description = "The API's TLS key (PEM)")
    String tlsKey;

    @Option(names = "--node-generic-resource", paramLabel = "KIND=VALUE",
            description = "Advertise a user-defined resource (repeatable): gpu=2 counts, gpu=GPU-7f2e names one")
    List<String> genericResources;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (JSON or properties)")
    Path config;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "debug, info, warn or error (default: info)")
    String logLevel;

    private final PrintStream err;

    DaemonCommand(PrintStream err) {
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new DaemonCommand(err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /**
     * SIGTERM/SIGINT: stop the node in order and exit 0 (as dockerd does) rather than the JVM's
     * 143/130, which supervisors read as a crash. Runs as the shutdown hook, once everything is closed.
     */
    private static void stopAndExit(Daemon daemon) {
        int code = 0;
        try {
            daemon.close();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger("io.shoal.daemon").error("shutdown failed: {}", e.toString(), e);
            code = 1;
        }
        Runtime.getRuntime().halt(code);
    }

    /** The flags given, by config key. */
    Map<String, List<String>> flags() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        put(f, "data-dir", dataDir);
        if (hosts != null && !hosts.isEmpty()) {
            f.put("host", List.copyOf(hosts));
        }
        put(f, "listen-addr", listenAddr);
        put(f, "advertise-addr", advertiseAddr);
        put(f, "raft-addr", raftAddr);
        put(f, "hostname", hostname);
        put(f, "executor", executor);
        put(f, "docker-host", dockerHost);
        put(f, "log-level", logLevel);
        if (tlsVerify) {
            f.put("tlsverify", List.of("true"));
        }
        put(f, "session-loss-grace", sessionLossGrace);
        put(f, "min-cert-expiry", minCertExpiry);
        put(f, "tlscacert", tlsCaCert);
        put(f, "tlscert", tlsCert);
        put(f, "tlskey", tlsKey);
        if (genericResources != null && !genericResources.isEmpty()) {
            f.put("node-generic-resource", List.copyOf(genericResources));
        }
        return f;
    }

    private static void put(Map<String, List<String>> f, String key, String value) {
        if (value != null) {
            f.put(key, List.of(value));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Daemon daemon;
        try {
            Map<String, List<String>> file = config == null ? Map.of() : ConfigFile.read(config);
            DaemonConfig cfg = DaemonConfig.resolve(flags(), file, System.getenv());
            Logging.configure(cfg.logLevel());
            daemon = Daemon.start(cfg);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("shoal daemon: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndExit(daemon), "shoal-shutdown"));
        daemon.awaitStopped();
        return 0;
    }
}
