package io.shoal.cli.command;

import io.shoal.cli.CliException;
import io.shoal.cli.http.DaemonClient;
import io.shoal.cli.http.DaemonHost;
import io.shoal.cli.http.EngineApi;
import io.shoal.cli.http.TlsFiles;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * What every command runs with: its streams, environment, time, whether stdout is a terminal,
 * and (made on first use from {@code -H}/{@code SHOAL_HOST}) the connection to the daemon.
 */
public final class CliContext implements AutoCloseable {
    /** The version the {@code shoal} client reports. */
    public static final String CLIENT_VERSION = "0.1.0";

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Map<String, String> env;
    private final InstantSource clock;
    private final Pacer pacer;
    private final Terminal terminal;
    private final GlobalOptions global = new GlobalOptions();
    private DaemonClient client;
    private EngineApi api;

    public CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, InstantSource clock,
            Pacer pacer, Terminal terminal) {
        this.out = Objects.requireNonNull(out, "out is null");
        this.err = Objects.requireNonNull(err, "err is null");
        this.in = Objects.requireNonNull(in, "in is null");
        this.env = Map.copyOf(Objects.requireNonNull(env, "env is null"));
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.pacer = Objects.requireNonNull(pacer, "pacer is null");
        this.terminal = Objects.requireNonNull(terminal, "terminal is null");
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public InputStream in() {
        return in;
    }

    public String env(String name) {
        return env.get(name);
    }

    public InstantSource clock() {
        return clock;
    }

    public Pacer pacer() {
        return pacer;
    }

    public Terminal terminal() {
        return terminal;
    }

    public GlobalOptions global() {
        return global;
    }

    /** The daemon's API; connects lazily so {@code --help} and usage errors never touch the socket. */
    public synchronized EngineApi api() {
        if (api == null) {
            boolean verify = global.tlsVerify || "1".equals(env("SHOAL_TLS_VERIFY"));
            boolean tls = global.tls || verify;
            String hostText = global.host != null ? global.host : env("SHOAL_HOST");
            DaemonHost host = DaemonHost.parse(hostText, tls);
            client = new DaemonClient(host, host.isTls() ? tlsFiles().sslContext(verify) : null, verify,
                    "Shoal-Client/" + CLIENT_VERSION + " (linux)");
            api = new EngineApi(client);
        }
        return api;
    }

    private TlsFiles tlsFiles() {
        String certPath = env("SHOAL_CERT_PATH");
        Path dir = certPath != null && !certPath.isBlank() ? Path.of(certPath)
                : Path.of(System.getProperty("user.home", "/root"), ".shoal");
        return new TlsFiles(
                global.tlsCaCert != null ? Path.of(global.tlsCaCert) : dir.resolve("ca.pem"),
                global.tlsCert != null ? Path.of(global.tlsCert) : dir.resolve("cert.pem"),
                global.tlsKey != null ? Path.of(global.tlsKey) : dir.resolve("key.pem"));
    }

    /** Checks the daemon speaks at least {@code version} before a command that needs it. */
    public void requireApi(String command, String version) {
        String current = api().client().apiVersion();
        if (DaemonClient.compareVersions(current, version) < 0) {
            throw new CliException("\"" + command + "\" requires API version " + version
                    + ", but the Shoal daemon API version is " + current);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }

    /** Options of the {@code shoal} command itself, given before the subcommand (as docker's). */
    public static final class GlobalOptions {
        public String host;
        public boolean tls;
        public boolean tlsVerify;
        public String tlsCaCert;
        public String tlsCert;
        public String tlsKey;
        public boolean debug;
    }

    /** Whether stdout is an interactive terminal, and how wide it is (docker assumes 200 if unknown). */
    public record Terminal(boolean isTerminal, int width) {
        public static final Terminal NONE = new Terminal(false, 200);
    }
}
