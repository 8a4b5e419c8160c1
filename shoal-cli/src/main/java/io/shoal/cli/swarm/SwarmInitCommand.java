package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.Converters;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.http.DaemonError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm init}: {@code POST /swarm/init}, then the join instructions. */
@Command(name = "init", customSynopsis = "shoal swarm init [OPTIONS]", description = "Initialize a swarm")
public final class SwarmInitCommand extends CliCommand {
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

    @Option(names = "--data-path-port", paramLabel = "uint32", converter = Converters.Uint64.class,
            description = "Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.")
    Long dataPathPort = 0L;

    @Option(names = "--force-new-cluster", arity = "0..1", description = "Force create a new cluster from current state")
    boolean forceNewCluster;

    @Option(names = "--autolock", arity = "0..1",
            description = "Enable manager autolocking (requiring an unlock key to start a stopped manager)")
    Boolean autolock;

    @Option(names = "--availability", paramLabel = "string",
            description = "Availability of the node (\"active\", \"pause\", \"drain\") (default \"active\")")
    String availability;

    @Option(names = "--default-addr-pool", paramLabel = "ipNetSlice", split = ",",
            description = "default address pool in CIDR format (default [])")
    List<String> defaultAddrPool;

    @Option(names = "--default-addr-pool-mask-length", paramLabel = "uint32", converter = Converters.Uint64.class,
            description = "default address pool subnet mask length (default 24)")
    Long defaultAddrPoolMaskLength = 24L;

    @Mixin
    SwarmSpecFlags specFlags;

    SwarmInitCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        ObjectNode request = request();
        String nodeId;
        try {
            nodeId = api().swarmInit(request);
        } catch (DaemonError e) {
            if (e.getMessage().contains("could not choose an IP address to advertise")
                    || e.getMessage().contains("could not find the system's IP address")) {
                throw new CliException(e.getMessage() + " - specify one with --advertise-addr");
            }
            throw e;
        }
        out().print("Swarm initialized: current node (" + nodeId + ") is now a manager.\n\n");
        JoinInstructions.print(api(), out(), nodeId, true, false);
        out().println("To add a manager to this swarm, run 'shoal swarm join-token manager' and follow the instructions.");
        if (Boolean.TRUE.equals(autolock)) {
            String key;
            try {
                key = api().swarmUnlockKey();
            } catch (CliException e) {
                throw new CliException("could not fetch unlock key: " + e.getMessage());
            }
            JoinInstructions.printUnlockCommand(out(), key);
        }
    }

    /** The body docker sends: every field present, the spec carrying only the flags given. */
    ObjectNode request() {
        ObjectNode r = JsonTrees.object();
        r.put("ListenAddr", listenAddr);
        r.put("AdvertiseAddr", advertiseAddr);
        r.put("DataPathAddr", dataPathAddr);
        r.put("DataPathPort", dataPathPort);
        r.put("ForceNewCluster", forceNewCluster);
        ObjectNode spec = r.putObject("Spec");
        spec.putNull("Labels");
        spec.putObject("Orchestration");
        ObjectNode raft = spec.putObject("Raft");
        spec.putObject("Dispatcher");
        spec.putObject("CAConfig");
        spec.putObject("TaskDefaults");
        spec.putObject("EncryptionConfig").put("AutoLockManagers", false);
        specFlags.mergeInto(spec, autolock, null);
        // Go always writes the two tick fields, after the optional ones
        raft.put("ElectionTick", raft.path("ElectionTick").asInt(0));
        raft.put("HeartbeatTick", raft.path("HeartbeatTick").asInt(0));
        r.put("AutoLockManagers", Boolean.TRUE.equals(autolock));
        r.put("Availability", availability());
        ArrayNode pools = r.putArray("DefaultAddrPool");
        pools(defaultAddrPool).forEach(pools::add);
        r.put("SubnetSize", defaultAddrPoolMaskLength);
        return r;
    }

    private String availability() {
        if (availability == null) {
            return "";
        }
        String a = availability.toLowerCase(Locale.ROOT);
        if (!a.equals("active") && !a.equals("pause") && !a.equals("drain")) {
            throw new CliException("invalid availability \"" + availability + "\", only active, pause and drain are supported");
        }
        return a;
    }

    /** CIDRs in their canonical form (host bits cleared), as Go's {@code net.IPNet} prints them. */
    static List<String> pools(List<String> cidrs) {
        List<String> out = new ArrayList<>();
        if (cidrs == null) {
            return out;
        }
        for (String cidr : cidrs) {
            out.add(Cidr.canonical(cidr));
        }
        return out;
    }
}
