package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.format.JsonTrees;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm join --token T HOST:PORT}: {@code POST /swarm/join}, then {@code /info} for the role. */
@Command(name = "join", customSynopsis = "shoal swarm join [OPTIONS] HOST:PORT",
        description = "Join a swarm as a node and/or manager")
public final class SwarmJoinCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--listen-addr", paramLabel = "node-addr", converter = NodeAddress.Converter.class,
            description = "Listen address (format: \"<ip|interface>[:port]\") (default 0.0.0.0:2377)")
    String listenAddr = NodeAddress.DEFAULT_LISTEN;

    @Option(names = "--advertise-addr", paramLabel = "string",
            description = "Advertised address (format: \"<ip|interface>[:port]\")")
    String advertiseAddr = "";

    @Option(names = "--data-path-addr", paramLabel = "string",
            description = "Address or interface to use for data path traffic (format: \"<ip|interface>\")")
    String dataPathAddr = "";

    @Option(names = "--token", paramLabel = "string", description = "Token for entry into the swarm")
    String token = "";

    @Option(names = "--availability", paramLabel = "string",
            description = "Availability of the node (\"active\", \"pause\", \"drain\") (default \"active\")")
    String availability;

    SwarmJoinCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireExactly(args, 1);
        api().swarmJoin(request(args.get(0)));
        boolean manager = api().info().path("Swarm").path("ControlAvailable").asBoolean(false);
        out().println(manager ? "This node joined a swarm as a manager." : "This node joined a swarm as a worker.");
    }

    ObjectNode request(String remote) {
        ObjectNode r = JsonTrees.object();
        r.put("ListenAddr", listenAddr);
        r.put("AdvertiseAddr", advertiseAddr);
        r.put("DataPathAddr", dataPathAddr);
        r.putArray("RemoteAddrs").add(remote);
        r.put("JoinToken", token);
        String a = "";
        if (availability != null) {
            a = availability.toLowerCase(Locale.ROOT);
            if (!a.equals("active") && !a.equals("pause") && !a.equals("drain")) {
                throw new CliException("invalid availability \"" + availability
                        + "\", only active, pause and drain are supported");
            }
        }
        r.put("Availability", a);
        return r;
    }
}
