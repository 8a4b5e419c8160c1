package io.shoal.cli.service;

import io.shoal.cli.command.Converters;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags only {@code service update} has: new values and {@code -add}/{@code -rm} edits. */
public final class UpdateFlags {
    @Option(names = "--image", paramLabel = "string", description = "Service image tag")
    String image;

    @Option(names = "--args", paramLabel = "command", converter = ValueChecks.ShellWords.class,
            description = "Service command args")
    String args;

    @Option(names = "--rollback", arity = "0..1", description = "Rollback to previous specification")
    Boolean rollback;

    @Option(names = "--force", arity = "0..1", description = "Force update even if no changes require it")
    Boolean force;

    @Option(names = "--env-add", paramLabel = "list", converter = ValueChecks.Env.class,
            description = "Add or update an environment variable")
    List<String> envAdd;

    @Option(names = "--env-rm", paramLabel = "list", description = "Remove an environment variable")
    List<String> envRm;

    @Option(names = "--label-add", paramLabel = "list", converter = ValueChecks.Label.class,
            description = "Add or update a service label")
    List<String> labelAdd;

    @Option(names = "--label-rm", paramLabel = "list", description = "Remove a label by its key")
    List<String> labelRm;

    @Option(names = "--container-label-add", paramLabel = "list", converter = ValueChecks.Label.class,
            description = "Add or update a container label")
    List<String> containerLabelAdd;

    @Option(names = "--container-label-rm", paramLabel = "list", description = "Remove a container label by its key")
    List<String> containerLabelRm;

    @Option(names = "--mount-add", paramLabel = "mount", converter = ValueChecks.Mount.class,
            description = "Add or update a mount on a service")
    List<String> mountAdd;

    @Option(names = "--mount-rm", paramLabel = "list", description = "Remove a mount by its target path")
    List<String> mountRm;

    @Option(names = "--publish-add", paramLabel = "port", converter = ValueChecks.Publish.class,
            description = "Add or update a published port")
    List<String> publishAdd;

    @Option(names = "--publish-rm", paramLabel = "port", converter = ValueChecks.Publish.class,
            description = "Remove a published port by its target port")
    List<String> publishRm;

    @Option(names = "--constraint-add", paramLabel = "list", description = "Add or update a placement constraint")
    List<String> constraintAdd;

    @Option(names = "--constraint-rm", paramLabel = "list", description = "Remove a constraint")
    List<String> constraintRm;

    @Option(names = "--placement-pref-add", paramLabel = "pref", converter = ValueChecks.PlacementPref.class,
            description = "Add a placement preference")
    List<String> placementPrefAdd;

    @Option(names = "--placement-pref-rm", paramLabel = "pref", converter = ValueChecks.PlacementPref.class,
            description = "Remove a placement preference")
    List<String> placementPrefRm;

    @Option(names = "--network-add", paramLabel = "network", converter = ValueChecks.Network.class,
            description = "Add a network")
    List<String> networkAdd;

    @Option(names = "--network-rm", paramLabel = "list", description = "Remove a network")
    List<String> networkRm;

    @Option(names = "--secret-add", paramLabel = "secret", converter = ValueChecks.Secret.class,
            description = "Add or update a secret on a service")
    List<String> secretAdd;

    @Option(names = "--secret-rm", paramLabel = "list", description = "Remove a secret")
    List<String> secretRm;

    @Option(names = "--config-add", paramLabel = "config", converter = ValueChecks.Config.class,
            description = "Add or update a config file on a service")
    List<String> configAdd;

    @Option(names = "--config-rm", paramLabel = "list", description = "Remove a configuration file")
    List<String> configRm;

    @Option(names = "--group-add", paramLabel = "list",
            description = "Add an additional supplementary user group to the container")
    List<String> groupAdd;

    @Option(names = "--group-rm", paramLabel = "list",
            description = "Remove a previously added supplementary user group from the container")
    List<String> groupRm;

    @Option(names = "--dns-add", paramLabel = "list", converter = ValueChecks.IpAddress.class,
            description = "Add or update a custom DNS server")
    List<String> dnsAdd;

    @Option(names = "--dns-rm", paramLabel = "list", description = "Remove a custom DNS server")
    List<String> dnsRm;

    @Option(names = "--dns-option-add", paramLabel = "list", description = "Add or update a DNS option")
    List<String> dnsOptionAdd;

    @Option(names = "--dns-option-rm", paramLabel = "list", description = "Remove a DNS option")
    List<String> dnsOptionRm;

    @Option(names = "--dns-search-add", paramLabel = "list", description = "Add or update a custom DNS search domain")
    List<String> dnsSearchAdd;

    @Option(names = "--dns-search-rm", paramLabel = "list", description = "Remove a DNS search domain")
    List<String> dnsSearchRm;

    @Option(names = "--host-add", paramLabel = "list", converter = ValueChecks.Host.class,
            description = "Add a custom host-to-IP mapping (\"host:ip\")")
    List<String> hostAdd;

    @Option(names = "--host-rm", paramLabel = "list", description = "Remove a custom host-to-IP mapping (\"host:ip\")")
    List<String> hostRm;

    @Option(names = "--init", arity = "0..1",
            description = "Use an init inside each service container to forward signals and reap processes")
    Boolean init;

    @Option(names = "--sysctl-add", paramLabel = "list", description = "Add or update a Sysctl option")
    List<String> sysctlAdd;

    @Option(names = "--sysctl-rm", paramLabel = "list", description = "Remove a Sysctl option")
    List<String> sysctlRm;

    @Option(names = "--ulimit-add", paramLabel = "ulimit", converter = ValueChecks.Ulimit.class,
            description = "Add or update a ulimit option")
    List<String> ulimitAdd;

    @Option(names = "--ulimit-rm", paramLabel = "list", description = "Remove a ulimit option")
    List<String> ulimitRm;

    @Option(names = "--oom-score-adj", paramLabel = "int", converter = Converters.Int64.class,
            description = "Tune host's OOM preferences (-1000 to 1000)")
    Long oomScoreAdj;
}
