package io.shoal.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import static java.util.Objects.requireNonNull;

/**
 * One Shoal daemon process for a whole test class, on the docker executor by default:
 * <pre>
 *   &#64;RegisterExtension static final ShoalNode node = ShoalNode.docker("it-svc").initialised();
 * </pre>
 * Started before the first test, stopped (and its containers removed) after the last; when a
 * test fails, the tail of the daemon's log is printed so the report shows what it did.
 */
public final class ShoalNode implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final ItEnvironment env = ItEnvironment.fromSystem();
    private final ShoalDaemonProcess.Options options;
    private final boolean swarmInit;
    private ShoalDaemonProcess daemon;

    private ShoalNode(ShoalDaemonProcess.Options options, boolean swarmInit) {
        this.options = requireNonNull(options, "options");
        this.swarmInit = swarmInit;
    }

    public static ShoalNode docker(String name) {
        return new ShoalNode(ShoalDaemonProcess.Options.docker(name, ItEnvironment.fromSystem()), false);
    }

    /** The same node, with `docker swarm init` run once it is up. */
    public ShoalNode initialised() {
        return new ShoalNode(options, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        daemon = ShoalDaemonProcess.started(env, options);
        if (swarmInit) {
            CommandResult init = docker().run(swarmInitArgs());
            if (!init.ok()) {
                throw new IllegalStateException("swarm init failed\n" + init.describe() + "\n" + daemon.logTail(80));
            }
        }
    }

    /**
     * `docker swarm init` on this node's loopback ports: without flags the CLI asks for
     * 0.0.0.0:2377, which would clash with other nodes and leave loopback.
     */
    public String[] swarmInitArgs() {
        return new String[] {"swarm", "init", "--listen-addr", daemon.listenAddr(), "--advertise-addr", daemon.listenAddr()};
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (daemon != null) {
            System.err.println("=== " + context.getDisplayName() + " failed; daemon log:\n" + daemon.logTail(150));
        }
    }

    public ItEnvironment env() {
        return env;
    }

    public ShoalDaemonProcess daemon() {
        return daemon;
    }

    /** The docker CLI against this Shoal node. */
    public DockerCli docker() {
        return DockerCli.against(env, daemon.host());
    }

    /** The docker CLI against the Docker Engine the node's executor uses. */
    public DockerCli engine() {
        return DockerCli.engine(env);
    }

    /** bin/shoal against this node. */
    public ShoalCli shoal() {
        return new ShoalCli(env, daemon.host());
    }
}
