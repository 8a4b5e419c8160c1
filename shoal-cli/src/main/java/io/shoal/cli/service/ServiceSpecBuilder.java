package io.shoal.cli.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.format.ImageReference;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.format.Shlex;
import io.shoal.cli.http.EngineApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds the {@code POST /services/create} body from the flags, field for field as the docker
 * client does (its Go structs and their {@code omitempty} rules decide what is present): an
 * untagged image gets {@code :latest}, durations are nanoseconds, {@code Replicated:{}} when no
 * replica count is given, update/rollback/restart settings only when one of their flags is.
 */
public final class ServiceSpecBuilder {
    static final long DEFAULT_MONITOR = 5_000_000_000L;
    static final long DEFAULT_RESTART_DELAY = 5_000_000_000L;

    private final ServiceFlags common;
    private final CreateFlags create;
    private final EngineApi api;
    private final Function<String, String> environment;

    /** @param api for network, secret and config lookups; may be null when none is used */
    public ServiceSpecBuilder(ServiceFlags common, CreateFlags create, EngineApi api, Function<String, String> environment) {
        this.common = Objects.requireNonNull(common, "common is null");
        this.create = Objects.requireNonNull(create, "create is null");
        this.api = api;
        this.environment = Objects.requireNonNull(environment, "environment is null");
    }

    public ObjectNode build(String image, List<String> args) {
        ObjectNode mode = mode();
        ObjectNode updateConfig = common.anyUpdateConfig() ? updateConfig(common, true) : null;
        ObjectNode rollbackConfig = common.anyRollbackConfig() ? updateConfig(common, false) : null;
        if ((mode.has("ReplicatedJob") || mode.has("GlobalJob")) && (updateConfig != null || rollbackConfig != null)) {
            throw new CliException("update and rollback configuration is not supported for jobs");
        }
        ObjectNode spec = JsonTrees.object();
        if (create.name != null && !create.name.isEmpty()) {
            spec.put("Name", create.name);
        }
        spec.set("Labels", JsonTrees.stringMap(OptionValues.keyValues(create.labels)));
        // docker resolves networks before secrets and configs
        List<ObjectNode> networks = resolvedNetworks(create.networks);
        spec.set("TaskTemplate", taskTemplate(image, args, networks));
        spec.set("Mode", mode);
        if (updateConfig != null) {
            spec.set("UpdateConfig", updateConfig);
        }
        if (rollbackConfig != null) {
            spec.set("RollbackConfig", rollbackConfig);
        }
        ObjectNode endpoint = spec.putObject("EndpointSpec");
        String endpointMode = common.endpointMode == null ? "vip" : common.endpointMode.toLowerCase(java.util.Locale.ROOT);
        if (!endpointMode.isEmpty()) {
            endpoint.put("Mode", endpointMode);
        }
        List<ObjectNode> ports = new ArrayList<>();
        if (create.publish != null) {
            create.publish.forEach(p -> ports.addAll(PortSpecs.parse(p)));
        }
        if (!ports.isEmpty()) {
            ArrayNode a = endpoint.putArray("Ports");
            ports.forEach(a::add);
        }
        return spec;
    }

    private ObjectNode taskTemplate(String image, List<String> args, List<ObjectNode> networks) {
        ObjectNode task = JsonTrees.object();
        task.set("ContainerSpec", containerSpec(image, args));
        ObjectNode resources = task.putObject("Resources");
        ObjectNode limits = resources.putObject("Limits");
        putNonZero(limits, "NanoCPUs", common.limitCpu);
        putNonZero(limits, "MemoryBytes", common.limitMemory);
        putNonZero(limits, "Pids", common.limitPids);
        ObjectNode reservations = resources.putObject("Reservations");
        putNonZero(reservations, "NanoCPUs", common.reserveCpu);
        putNonZero(reservations, "MemoryBytes", common.reserveMemory);
        if (common.anyRestartPolicy()) {
            task.set("RestartPolicy", restartPolicy(null, common));
        }
        ObjectNode placement = task.putObject("Placement");
        if (create.constraints != null && !create.constraints.isEmpty()) {
            placement.set("Constraints", JsonTrees.strings(create.constraints));
        }
        if (create.placementPrefs != null && !create.placementPrefs.isEmpty()) {
            ArrayNode prefs = placement.putArray("Preferences");
            create.placementPrefs.forEach(p -> prefs.add(OptionValues.placementPreference(p)));
        }
        putNonZero(placement, "MaxReplicas", common.maxReplicasPerNode);
        if (!networks.isEmpty()) {
            ArrayNode a = task.putArray("Networks");
            networks.forEach(a::add);
        }
        if (common.logDriver != null && !common.logDriver.isEmpty()) {
            ObjectNode driver = task.putObject("LogDriver");
            driver.put("Name", common.logDriver);
            Map<String, String> opts = OptionValues.keyValues(common.logOpt);
            if (!opts.isEmpty()) {
                driver.set("Options", JsonTrees.stringMap(opts));
            }
        }
        task.put("ForceUpdate", 0);
        return task;
    }

    private ObjectNode containerSpec(String image, List<String> args) {
        ObjectNode c = JsonTrees.object();
        c.put("Image", ImageReference.withDefaultTag(image));
        Map<String, String> containerLabels = OptionValues.keyValues(create.containerLabels);
        if (!containerLabels.isEmpty()) {
            c.set("Labels", JsonTrees.stringMap(containerLabels));
        }
        if (common.entrypoint != null) {
            List<String> command = Shlex.split(common.entrypoint);
            if (!command.isEmpty()) {
                c.set("Command", JsonTrees.strings(command));
            }
        }
        if (args != null && !args.isEmpty()) {
            c.set("Args", JsonTrees.strings(args));
        }
        putNonEmpty(c, "Hostname", common.hostname);
        List<String> env = env();
        if (!env.isEmpty()) {
            c.set("Env", JsonTrees.strings(env));
        }
        putNonEmpty(c, "Dir", common.workdir);
        putNonEmpty(c, "User", common.user);
        if (create.groups != null && !create.groups.isEmpty()) {
            c.set("Groups", JsonTrees.strings(create.groups));
        }
        c.put("Init", create.init);
        putNonEmpty(c, "StopSignal", common.stopSignal);
        if (Boolean.TRUE.equals(common.tty)) {
            c.put("TTY", true);
        }
        if (Boolean.TRUE.equals(common.readOnly)) {
            c.put("ReadOnly", true);
        }
        if (create.mounts != null && !create.mounts.isEmpty()) {
            ArrayNode mounts = c.putArray("Mounts");
            create.mounts.forEach(m -> mounts.add(MountSpecs.parse(m)));
        }
        if (common.stopGracePeriod != null) {
            c.put("StopGracePeriod", common.stopGracePeriod);
        }
        ObjectNode health = healthcheck();
        if (health != null) {
            c.set("Healthcheck", health);
        }
        if (create.hosts != null && !create.hosts.isEmpty()) {
            List<String> hosts = new ArrayList<>();
            create.hosts.forEach(h -> hosts.add(OptionValues.swarmHost(OptionValues.extraHost(h))));
            c.set("Hosts", JsonTrees.strings(hosts));
        }
        ObjectNode dns = c.putObject("DNSConfig");
        if (create.dns != null && !create.dns.isEmpty()) {
            dns.set("Nameservers", JsonTrees.strings(create.dns.stream().map(OptionValues::ipAddress).toList()));
        }
        if (create.dnsSearch != null && !create.dnsSearch.isEmpty()) {
            dns.set("Search", JsonTrees.strings(create.dnsSearch));
        }
        if (create.dnsOptions != null && !create.dnsOptions.isEmpty()) {
            dns.set("Options", JsonTrees.strings(create.dnsOptions));
        }
        List<ObjectNode> secrets = references(FileReferences.Kind.SECRET, create.secrets);
        if (!secrets.isEmpty()) {
            ArrayNode a = c.putArray("Secrets");
            secrets.forEach(a::add);
        }
        List<ObjectNode> configs = references(FileReferences.Kind.CONFIG, create.configs);
        if (!configs.isEmpty()) {
            ArrayNode a = c.putArray("Configs");
            configs.forEach(a::add);
        }
        putNonEmpty(c, "Isolation", common.isolation);
        Map<String, String> sysctls = OptionValues.keyValues(create.sysctls);
        if (!sysctls.isEmpty()) {
            c.set("Sysctls", JsonTrees.stringMap(sysctls));
        }
        List<List<String>> caps = OptionValues.effectiveCaps(common.capAdd, common.capDrop);
        if (!caps.get(0).isEmpty()) {
            c.set("CapabilityAdd", JsonTrees.strings(caps.get(0)));
        }
        if (!caps.get(1).isEmpty()) {
            c.set("CapabilityDrop", JsonTrees.strings(caps.get(1)));
        }
        if (create.ulimits != null && !create.ulimits.isEmpty()) {
            ArrayNode a = c.putArray("Ulimits");
            ulimitsSorted(create.ulimits).forEach(a::add);
        }
        putNonZero(c, "OomScoreAdj", create.oomScoreAdj);
        return c;
    }

    /** docker's {@code makeEnv}: env files first, then -e; a later value of a variable replaces an earlier one. */
    List<String> env() {
        List<String> variables = new ArrayList<>();
        if (create.envFile != null) {
            for (String file : create.envFile) {
                variables.addAll(readEnvFile(file));
            }
        }
        if (create.env != null) {
            create.env.forEach(e -> variables.add(OptionValues.env(e, environment)));
        }
        List<String> current = new ArrayList<>();
        for (String e : variables) {
            String key = e.contains("=") ? e.substring(0, e.indexOf('=')) : e;
            current.removeIf(existing -> !existing.equals(e) && existing.startsWith(key + "="));
            current.add(e);
        }
        return current;
    }

    private List<String> readEnvFile(String file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            throw new CliException("open " + file + ": no such file or directory");
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String l = line.stripLeading();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq == 0) {
                throw new CliException("no variable name on line '" + line + "'");
            }
            if (eq < 0) {
                String value = environment.apply(l.strip());
                if (value != null) {
                    out.add(l.strip() + "=" + value);
                }
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private ObjectNode healthcheck() {
        boolean no = Boolean.TRUE.equals(common.noHealthcheck);
        boolean settings = common.anyHealthSetting();
        if (no) {
            if (settings) {
                throw new CliException("--no-healthcheck conflicts with --health-* options");
            }
            ObjectNode h = JsonTrees.object();
            h.set("Test", JsonTrees.strings(List.of("NONE")));
            return h;
        }
        if (!settings) {
            return null;
        }
        ObjectNode h = JsonTrees.object();
        if (common.healthCmd != null && !common.healthCmd.isEmpty()) {
            h.set("Test", JsonTrees.strings(List.of("CMD-SHELL", common.healthCmd)));
        }
        putNonZero(h, "Interval", common.healthInterval);
        putNonZero(h, "Timeout", common.healthTimeout);
        putNonZero(h, "StartPeriod", common.healthStartPeriod);
        putNonZero(h, "StartInterval", common.healthStartInterval);
        if (common.healthRetries != null && common.healthRetries != 0) {
            h.put("Retries", common.healthRetries);
        }
        return h;
    }

    /** docker's {@code ToServiceMode}, with its checks of which flags go with which mode. */
    private ObjectNode mode() {
        ObjectNode mode = JsonTrees.object();
        switch (create.mode) {
            case "global" -> {
                if (common.replicas != null) {
                    throw new CliException("replicas can only be used with replicated or replicated-job mode");
                }
                if (common.maxReplicasPerNode != null && common.maxReplicasPerNode > 0) {
                    throw new CliException("replicas-max-per-node can only be used with replicated or replicated-job mode");
                }
                if (common.maxConcurrent != null) {
                    throw new CliException("max-concurrent can only be used with replicated-job mode");
                }
                mode.putObject("Global");
            }
            case "replicated" -> {
                if (common.maxConcurrent != null) {
                    throw new CliException("max-concurrent can only be used with replicated-job mode");
                }
                ObjectNode r = mode.putObject("Replicated");
                if (common.replicas != null) {
                    r.put("Replicas", common.replicas);
                }
            }
            case "replicated-job" -> {
                ObjectNode job = mode.putObject("ReplicatedJob");
                Long concurrent = common.maxConcurrent != null ? common.maxConcurrent : common.replicas;
                if (concurrent != null) {
                    job.put("MaxConcurrent", concurrent);
                }
                if (common.replicas != null) {
                    job.put("TotalCompletions", common.replicas);
                }
            }
            case "global-job" -> {
                if (common.maxReplicasPerNode != null && common.maxReplicasPerNode > 0) {
                    throw new CliException("replicas-max-per-node can only be used with replicated or replicated-job mode");
                }
                if (common.maxConcurrent != null) {
                    throw new CliException("max-concurrent can only be used with replicated-job mode");
                }
                if (common.replicas != null) {
                    throw new CliException("replicas can only be used with replicated or replicated-job mode");
                }
                mode.putObject("GlobalJob");
            }
            default -> throw new CliException("Unknown mode: " + create.mode + ", only replicated and global supported");
        }
        return mode;
    }

    /** SwarmKit's defaults overlaid with the flags given ({@code update} or {@code rollback} group). */
    static ObjectNode updateConfig(ServiceFlags f, boolean update) {
        ObjectNode u = JsonTrees.object();
        applyUpdateFlags(u, f, update, true);
        return u;
    }

    /**
     * Writes an UpdateConfig in Go field order; {@code fromDefaults} starts from SwarmKit's defaults,
     * otherwise the values already in {@code u} are kept where no flag is given.
     */
    static void applyUpdateFlags(ObjectNode u, ServiceFlags f, boolean update, boolean fromDefaults) {
        Long parallelism = update ? f.updateParallelism : f.rollbackParallelism;
        Long delay = update ? f.updateDelay : f.rollbackDelay;
        String failureAction = update ? f.updateFailureAction : f.rollbackFailureAction;
        Long monitor = update ? f.updateMonitor : f.rollbackMonitor;
        Float ratio = update ? f.updateMaxFailureRatio : f.rollbackMaxFailureRatio;
        String order = update ? f.updateOrder : f.rollbackOrder;
        long p = parallelism != null ? parallelism : fromDefaults ? 1 : u.path("Parallelism").asLong(0);
        long d = delay != null ? delay : fromDefaults ? 0 : u.path("Delay").asLong(0);
        String fa = failureAction != null ? failureAction : fromDefaults ? "pause" : u.path("FailureAction").asText("");
        long m = monitor != null ? monitor : fromDefaults ? DEFAULT_MONITOR : u.path("Monitor").asLong(0);
        double r = ratio != null ? ratio : fromDefaults ? 0 : u.path("MaxFailureRatio").asDouble(0);
        String o = order != null ? order : fromDefaults ? "stop-first" : u.path("Order").asText("");
        u.removeAll();
        u.put("Parallelism", p);
        if (d != 0) {
            u.put("Delay", d);
        }
        if (!fa.isEmpty()) {
            u.put("FailureAction", fa);
        }
        if (m != 0) {
            u.put("Monitor", m);
        }
        JsonTrees.putFloat(u, "MaxFailureRatio", (float) r);
        u.put("Order", o);
    }

    /** A RestartPolicy: the existing one (update) or SwarmKit's default (any, 5 s, no limit), then the flags. */
    static ObjectNode restartPolicy(ObjectNode existing, ServiceFlags f) {
        String condition = existing != null ? existing.path("Condition").asText("") : "any";
        Long delay = existing != null ? (existing.has("Delay") ? existing.get("Delay").asLong() : null) : DEFAULT_RESTART_DELAY;
        Long maxAttempts = existing != null ? (existing.has("MaxAttempts") ? existing.get("MaxAttempts").asLong() : null) : 0L;
        Long window = existing != null && existing.has("Window") ? existing.get("Window").asLong() : null;
        if (f.restartCondition != null) {
            condition = f.restartCondition;
        }
        if (f.restartDelay != null) {
            delay = f.restartDelay;
        }
        if (f.restartMaxAttempts != null) {
            maxAttempts = f.restartMaxAttempts;
        }
        if (f.restartWindow != null) {
            window = f.restartWindow;
        }
        ObjectNode rp = JsonTrees.object();
        if (!condition.isEmpty()) {
            rp.put("Condition", condition);
        }
        if (delay != null) {
            rp.put("Delay", delay);
        }
        if (maxAttempts != null) {
            rp.put("MaxAttempts", maxAttempts);
        }
        if (window != null) {
            rp.put("Window", window);
        }
        return rp;
    }

    /** Network attachments with their targets resolved to IDs ({@code GET /networks/X?scope=swarm}), sorted. */
    List<ObjectNode> resolvedNetworks(List<String> values) {
        List<ObjectNode> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            ObjectNode n = OptionValues.network(v);
            n.put("Target", networkId(api, n.path("Target").asText()));
            out.add(n);
        }
        out.sort(Comparator.comparing(n -> n.path("Target").asText()));
        return out;
    }

    static String networkId(EngineApi api, String nameOrId) {
        return api.networkInspect(nameOrId, "swarm").path("Id").asText("");
    }

    private List<ObjectNode> references(FileReferences.Kind kind, List<String> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> requested = new ArrayList<>();
        values.forEach(v -> requested.add(FileReferences.parse(kind, v)));
        return FileReferences.resolve(api, kind, requested);
    }

    static List<ObjectNode> ulimitsSorted(List<String> values) {
        java.util.TreeMap<String, ObjectNode> byName = new java.util.TreeMap<>();
        for (String v : values) {
            ObjectNode u = OptionValues.ulimit(v);
            byName.put(u.path("Name").asText(), u);
        }
        return new ArrayList<>(byName.values());
    }

    private static void putNonZero(ObjectNode o, String field, Long value) {
        if (value != null && value != 0) {
            o.put(field, value);
        }
    }

    private static void putNonEmpty(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }
}
