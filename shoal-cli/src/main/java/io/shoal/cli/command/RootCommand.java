package io.shoal.cli.command;

import io.shoal.cli.node.NodeCommand;
import io.shoal.cli.service.ServiceCommand;
import io.shoal.cli.swarm.SwarmCommand;
import io.shoal.cli.system.InfoCommand;
import io.shoal.cli.system.VersionCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal}: the global connection options, then the command groups. */
@Command(name = "shoal",
        customSynopsis = "shoal [OPTIONS] COMMAND",
        description = "A container orchestrator in the mould of Docker Swarm mode.",
        subcommands = {InfoCommand.class, NodeCommand.class, ServiceCommand.class, SwarmCommand.class,
                VersionCommand.class},
        footer = "%nRun 'shoal COMMAND --help' for more information on a command.")
public final class RootCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-v", "--version"}, description = "Print version information and quit")
    boolean version;

    public RootCommand(CliContext ctx) {
        super(ctx);
    }

    @Option(names = {"-H", "--host"}, paramLabel = "string",
            description = "Daemon socket to connect to (default unix:///var/run/shoal.sock, or $SHOAL_HOST)")
    void host(String host) {
        ctx.global().host = host;
    }

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode (prints the causes of errors)")
    void debug(boolean debug) {
        ctx.global().debug = debug;
    }

    @Option(names = "--tls", description = "Use TLS; implied by --tlsverify")
    void tls(boolean tls) {
        ctx.global().tls = tls;
    }

    @Option(names = "--tlsverify", description = "Use TLS and verify the remote")
    void tlsVerify(boolean verify) {
        ctx.global().tlsVerify = verify;
    }

    @Option(names = "--tlscacert", paramLabel = "string", description = "Trust certs signed only by this CA (default ~/.shoal/ca.pem)")
    void tlsCaCert(String path) {
        ctx.global().tlsCaCert = path;
    }

    @Option(names = "--tlscert", paramLabel = "string", description = "Path to TLS certificate file (default ~/.shoal/cert.pem)")
    void tlsCert(String path) {
        ctx.global().tlsCert = path;
    }

    @Option(names = "--tlskey", paramLabel = "string", description = "Path to TLS key file (default ~/.shoal/key.pem)")
    void tlsKey(String path) {
        ctx.global().tlsKey = path;
    }

    @Override
    protected void run() {
        if (version) {
            out().println("Shoal version " + CliContext.CLIENT_VERSION);
            return;
        }
        if (args != null && !args.isEmpty()) {
            throw new io.shoal.cli.CliException("shoal: unknown command: shoal " + args.get(0)
                    + "\n\nRun 'shoal --help' for more information");
        }
        spec.commandLine().usage(out());
    }
}
