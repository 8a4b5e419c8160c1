package io.shoal.cli.service;

import io.shoal.cli.command.Converters;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags only {@code service create} has (update has {@code -add}/{@code -rm} pairs instead). */
public final class CreateFlags {
    @Option(names = "--mode", paramLabel = "string",
            description = "Service mode (\"replicated\", \"global\", \"replicated-job\", \"global-job\") (default \"replicated\")")
    String mode = "replicated";

    @Option(names = "--name", paramLabel = "string", description = "Service name")
    String name;

    @Option(names = {"-l", "--label"}, paramLabel = "list", converter = ValueChecks.Label.class, description = "Service labels")
    List<String> labels;

    @Option(names = "--container-label", paramLabel = "list", converter = ValueChecks.Label.class,
            description = "Container labels")
    List<String> containerLabels;

    @Option(names = {"-e", "--env"}, paramLabel = "list", converter = ValueChecks.Env.class,
            description = "Set environment variables")
    List<String> env;

    @Option(names = "--env-file", paramLabel = "list", description = "Read in a file of environment variables")
    List<String> envFile;

    @Option(names = "--mount", paramLabel = "mount", converter = ValueChecks.Mount.class,
            description = "Attach a filesystem mount to the service")
    List<String> mounts;

    @Option(names = "--constraint", paramLabel = "list", description = "Placement constraints")
    List<String> constraints;

    @Option(names = "--placement-pref", paramLabel = "pref", converter = ValueChecks.PlacementPref.class,
            description = "Add a placement preference")
    List<String> placementPrefs;

    @Option(names = "--network", paramLabel = "network", converter = ValueChecks.Network.class,
            description = "Network attachments")
    List<String> networks;

    @Option(names = "--secret", paramLabel = "secret", converter = ValueChecks.Secret.class,
            description = "Specify secrets to expose to the service")
    List<String> secrets;

    @Option(names = "--config", paramLabel = "config", converter = ValueChecks.Config.class,
            description = "Specify configurations to expose to the service")
    List<String> configs;

    @Option(names = {"-p", "--publish"}, paramLabel = "port", converter = ValueChecks.Publish.class,
            description = "Publish a port as a node port")
    List<String> publish;

    @Option(names = "--group", paramLabel = "list", description = "Set one or more supplementary user groups for the container")
    List<String> groups;

    @Option(names = "--dns", paramLabel = "list", converter = ValueChecks.IpAddress.class, description = "Set custom DNS servers")
    List<String> dns;

    @Option(names = "--dns-option", paramLabel = "list", description = "Set DNS options")
    List<String> dnsOptions;

    @Option(names = "--dns-search", paramLabel = "list", description = "Set custom DNS search domains")
    List<String> dnsSearch;

    @Option(names = "--host", paramLabel = "list", converter = ValueChecks.Host.class,
            description = "Set one or more custom host-to-IP mappings (host:ip)")
    List<String> hosts;

    @Option(names = "--init", arity = "0..1",
            description = "Use an init inside each service container to forward signals and reap processes")
    boolean init;

    @Option(names = "--sysctl", paramLabel = "list", description = "Sysctl options")
    List<String> sysctls;

    @Option(names = "--ulimit", paramLabel = "ulimit", converter = ValueChecks.Ulimit.class, description = "Ulimit options")
    List<String> ulimits;

    @Option(names = "--oom-score-adj", paramLabel = "int", converter = Converters.Int64.class,
            description = "Tune host's OOM preferences (-1000 to 1000)")
    Long oomScoreAdj;
}
