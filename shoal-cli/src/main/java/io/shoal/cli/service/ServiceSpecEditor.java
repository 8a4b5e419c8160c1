package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.format.Shlex;
import io.shoal.cli.http.EngineApi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Applies {@code service update} flags to the spec read from the daemon, in the order and with
 * the rules of docker's {@code updateService}: only given flags change anything, lists are
 * edited with their {@code -add}/{@code -rm} flags, and the rest of the spec is sent back as read.
 */
public final class ServiceSpecEditor {
    private final ServiceFlags common;
    private final UpdateFlags upd;
    private final EngineApi api;
    private final Function<String, String> environment;

    /** @param api for network, secret and config lookups; may be null when none is used */
    public ServiceSpecEditor(ServiceFlags common, UpdateFlags upd, EngineApi api, Function<String, String> environment) {
        this.common = Objects.requireNonNull(common, "common is null");
        this.upd = Objects.requireNonNull(upd, "upd is null");
        this.api = api;
        this.environment = Objects.requireNonNull(environment, "environment is null");
    }

    public void apply(ObjectNode spec) {
        ObjectNode task = JsonTrees.child(spec, "TaskTemplate");
        ObjectNode c = JsonTrees.child(task, "ContainerSpec");
        editMap(spec, "Labels", upd.labelRm, upd.labelAdd, false);
        editMap(c, "Labels", upd.containerLabelRm, upd.containerLabelAdd, true);
        if (upd.image != null) {
            c.put("Image", upd.image);
        }
        if (upd.args != null) {
            setList(c, "Args", Shlex.split(upd.args));
        }
        if (common.entrypoint != null) {
            setList(c, "Command", Shlex.split(common.entrypoint));
        }
        editEnv(c);
        setString(c, "Dir", common.workdir);
        setString(c, "User", common.user);
        setString(c, "Hostname", common.hostname);
        if (upd.init != null) {
            c.put("Init", upd.init);
        }
        setString(c, "Isolation", common.isolation);
        editMounts(c);
        editSysctls(c);
        editUlimits(c);
        if (common.limitCpu != null || common.limitMemory != null || common.limitPids != null) {
            ObjectNode limits = resources(task, "Limits");
            setNumber(limits, "NanoCPUs", common.limitCpu);
            setNumber(limits, "MemoryBytes", common.limitMemory);
            setNumber(limits, "Pids", common.limitPids);
        }
        if (common.reserveCpu != null || common.reserveMemory != null) {
            ObjectNode reservations = resources(task, "Reservations");
            setNumber(reservations, "NanoCPUs", common.reserveCpu);
            setNumber(reservations, "MemoryBytes", common.reserveMemory);
        }
        setNumber(c, "OomScoreAdj", upd.oomScoreAdj);
        if (common.stopGracePeriod != null) {
            c.put("StopGracePeriod", common.stopGracePeriod);
        }
        if (common.anyRestartPolicy()) {
            task.set("RestartPolicy", ServiceSpecBuilder.restartPolicy(
                    task.get("RestartPolicy") instanceof ObjectNode rp ? rp : null, common));
        }
        if (upd.constraintAdd != null || upd.constraintRm != null) {
            editConstraints(JsonTrees.child(task, "Placement"));
        }
        if (upd.placementPrefAdd != null || upd.placementPrefRm != null) {
            editPreferences(JsonTrees.child(task, "Placement"));
        }
        if (upd.networkAdd != null || upd.networkRm != null) {
            editNetworks(spec, task);
        }
        if (common.replicas != null) {
            JsonNode replicated = spec.path("Mode").path("Replicated");
            if (!(replicated instanceof ObjectNode r)) {
                throw new CliException("replicas can only be used with replicated mode");
            }
            r.put("Replicas", common.replicas);
        }
        if (common.maxReplicasPerNode != null) {
            setNumber(JsonTrees.child(task, "Placement"), "MaxReplicas", common.maxReplicasPerNode);
        }
        if (common.anyUpdateConfig()) {
            updateConfig(spec, "UpdateConfig", true);
        }
        if (common.anyRollbackConfig()) {
            updateConfig(spec, "RollbackConfig", false);
        }
        if (common.endpointMode != null) {
            JsonTrees.child(spec, "EndpointSpec").put("Mode", common.endpointMode);
        }
        if (upd.groupAdd != null || upd.groupRm != null) {
            List<String> groups = JsonTrees.stringList(c.get("Groups"));
            if (upd.groupAdd != null) {
                groups.addAll(upd.groupAdd);
            }
            Set<String> remove = set(upd.groupRm);
            List<String> kept = new ArrayList<>(groups.stream().filter(g -> !remove.contains(g)).toList());
            kept.sort(null);
            setList(c, "Groups", kept);
        }
        if (upd.publishAdd != null || upd.publishRm != null) {
            editPorts(JsonTrees.child(spec, "EndpointSpec"));
        }
        if (upd.dnsAdd != null || upd.dnsRm != null || upd.dnsOptionAdd != null || upd.dnsOptionRm != null
                || upd.dnsSearchAdd != null || upd.dnsSearchRm != null) {
            editDns(c);
        }
        if (upd.hostAdd != null || upd.hostRm != null) {
            editHosts(c);
        }
        if (common.logDriver != null && !common.logDriver.isEmpty()) {
            ObjectNode driver = JsonTrees.object();
            driver.put("Name", common.logDriver);
            Map<String, String> opts = OptionValues.keyValues(common.logOpt);
            if (!opts.isEmpty()) {
                driver.set("Options", JsonTrees.stringMap(opts));
            }
            task.set("LogDriver", driver);
        }
        if (Boolean.TRUE.equals(upd.force)) {
            task.put("ForceUpdate", task.path("ForceUpdate").asLong(0) + 1);
        }
        editHealthcheck(c);
        if (common.tty != null) {
            setBool(c, "TTY", common.tty);
        }
        if (common.readOnly != null) {
            setBool(c, "ReadOnly", common.readOnly);
        }
        setString(c, "StopSignal", common.stopSignal);
        if (common.capAdd != null || common.capDrop != null) {
            editCapabilities(c);
        }
        editReferences(c, FileReferences.Kind.SECRET, "Secrets", upd.secretRm, upd.secretAdd);
        editReferences(c, FileReferences.Kind.CONFIG, "Configs", upd.configRm, upd.configAdd);
    }

    /** What the docker client does to every spec it sends: an untagged image gets {@code :latest}. */
    public static void tagImage(JsonNode spec) {
        if (spec.path("TaskTemplate").path("ContainerSpec") instanceof ObjectNode c && c.hasNonNull("Image")) {
            c.put("Image", io.shoal.cli.format.ImageReference.withDefaultTag(c.get("Image").asText()));
        }
    }

    private void editMap(ObjectNode parent, String field, List<String> remove, List<String> add, boolean omitEmpty) {
        JsonNode existing = parent.get(field);
        if (existing instanceof ObjectNode map && remove != null) {
            remove.forEach(map::remove);
        }
        if (add != null) {
            ObjectNode map = JsonTrees.child(parent, field);
            OptionValues.keyValues(add).forEach(map::put);
        }
        if (omitEmpty && parent.get(field) instanceof ObjectNode m && m.isEmpty()) {
            parent.remove(field);
        }
    }

    private void editEnv(ObjectNode c) {
        if (upd.envRm == null && upd.envAdd == null) {
            return;
        }
        Set<String> remove = set(upd.envRm);
        List<String> env = new ArrayList<>(JsonTrees.stringList(c.get("Env")).stream()
                .filter(e -> !remove.contains(envKey(e))).toList());
        if (upd.envAdd != null) {
            for (String raw : upd.envAdd) {
                String e = OptionValues.env(raw, environment);
                String key = envKey(e);
                int at = -1;
                for (int i = 0; i < env.size(); i++) {
                    if (envKey(env.get(i)).equals(key)) {
                        at = i;
                        break;
                    }
                }
                if (at >= 0) {
                    env.set(at, e);
                } else {
                    env.add(e);
                }
            }
        }
        setList(c, "Env", env);
    }

    static String envKey(String e) {
        int eq = e.indexOf('=');
        return eq < 0 ? e : e.substring(0, eq);
    }

    private void editMounts(ObjectNode c) {
        if (upd.mountAdd == null && upd.mountRm == null) {
            return;
        }
        Map<String, JsonNode> byTarget = new LinkedHashMap<>();
        if (upd.mountAdd != null) {
            for (String m : upd.mountAdd) {
                ObjectNode mount = MountSpecs.parse(m);
                if (byTarget.put(mount.path("Target").asText(), mount) != null) {
                    throw new CliException("duplicate mount target");
                }
            }
        }
        for (JsonNode m : iterable(c.get("Mounts"))) {
            byTarget.putIfAbsent(m.path("Target").asText(""), m);
        }
        Set<String> remove = set(upd.mountRm);
        List<JsonNode> mounts = new ArrayList<>();
        byTarget.forEach((target, m) -> {
            if (!remove.contains(target)) {
                mounts.add(m);
            }
        });
        mounts.sort(Comparator.<JsonNode, String>comparing(m -> m.path("Source").asText(""))
                .thenComparing(m -> m.path("Target").asText("")));
        setNodes(c, "Mounts", mounts);
    }

    private void editSysctls(ObjectNode c) {
        if (upd.sysctlRm == null && upd.sysctlAdd == null) {
            return;
        }
        if (c.get("Sysctls") instanceof ObjectNode m && upd.sysctlRm != null) {
            OptionValues.keyValues(upd.sysctlRm).keySet().forEach(m::remove);
        }
        if (upd.sysctlAdd != null) {
            ObjectNode m = JsonTrees.child(c, "Sysctls");
            OptionValues.keyValues(upd.sysctlAdd).forEach(m::put);
        }
        if (c.get("Sysctls") instanceof ObjectNode m && m.isEmpty()) {
            c.remove("Sysctls");
        }
    }

    private void editUlimits(ObjectNode c) {
        if (upd.ulimitAdd == null && upd.ulimitRm == null) {
            return;
        }
        TreeMap<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode u : iterable(c.get("Ulimits"))) {
            byName.put(u.path("Name").asText(""), u);
        }
        OptionValues.keyValues(upd.ulimitRm).keySet().forEach(byName::remove);
        if (upd.ulimitAdd != null) {
            ServiceSpecBuilder.ulimitsSorted(upd.ulimitAdd).forEach(u -> byName.put(u.path("Name").asText(), u));
        }
        setNodes(c, "Ulimits", new ArrayList<>(byName.values()));
    }

    private void editConstraints(ObjectNode placement) {
        List<String> constraints = JsonTrees.stringList(placement.get("Constraints"));
        if (upd.constraintAdd != null) {
            constraints.addAll(upd.constraintAdd);
        }
        Set<String> remove = set(upd.constraintRm);
        List<String> kept = new ArrayList<>(constraints.stream().filter(x -> !remove.contains(x)).toList());
        kept.sort(null);
        setList(placement, "Constraints", kept);
    }

    private void editPreferences(ObjectNode placement) {
        List<JsonNode> prefs = new ArrayList<>();
        Set<String> remove = new HashSet<>();
        if (upd.placementPrefRm != null) {
            upd.placementPrefRm.forEach(p -> remove.add(OptionValues.placementPreference(p).path("Spread")
                    .path("SpreadDescriptor").asText()));
        }
        for (JsonNode p : iterable(placement.get("Preferences"))) {
            JsonNode spread = p.path("Spread");
            if (!(spread.isObject() && remove.contains(spread.path("SpreadDescriptor").asText("")))) {
                prefs.add(p);
            }
        }
        if (upd.placementPrefAdd != null) {
            upd.placementPrefAdd.forEach(p -> prefs.add(OptionValues.placementPreference(p)));
        }
        setNodes(placement, "Preferences", prefs);
    }

    private void editNetworks(ObjectNode spec, ObjectNode task) {
        List<JsonNode> current = new ArrayList<>();
        iterable(task.get("Networks")).forEach(current::add);
        if (current.isEmpty()) {
            // networks of specs from before they moved into the task template
            iterable(spec.get("Networks")).forEach(current::add);
        }
        spec.remove("Networks");
        Set<String> removeIds = new HashSet<>();
        for (String n : set(upd.networkRm)) {
            removeIds.add(ServiceSpecBuilder.networkId(api, n));
        }
        List<JsonNode> kept = new ArrayList<>();
        Set<String> existing = new HashSet<>();
        for (JsonNode n : current) {
            String target = n.path("Target").asText("");
            if (!removeIds.contains(target)) {
                kept.add(n);
                existing.add(target);
            }
        }
        if (upd.networkAdd != null) {
            for (String v : upd.networkAdd) {
                ObjectNode n = OptionValues.network(v);
                String name = n.path("Target").asText();
                String id = ServiceSpecBuilder.networkId(api, name);
                if (existing.contains(id)) {
                    throw new CliException("service is already attached to network " + name);
                }
                n.put("Target", id);
                kept.add(n);
                existing.add(id);
            }
        }
        kept.sort(Comparator.comparing(n -> n.path("Target").asText("")));
        setNodes(task, "Networks", kept);
    }

    private void updateConfig(ObjectNode spec, String field, boolean update) {
        if (spec.get(field) instanceof ObjectNode existing) {
            ServiceSpecBuilder.applyUpdateFlags(existing, common, update, false);
        } else {
            spec.set(field, ServiceSpecBuilder.updateConfig(common, update));
        }
    }

    private void editPorts(ObjectNode endpoint) {
        Map<String, JsonNode> set = new LinkedHashMap<>();
        for (JsonNode p : iterable(endpoint.get("Ports"))) {
            set.putIfAbsent(PortSpecs.key(p), p);
        }
        List<ObjectNode> remove = new ArrayList<>();
        if (upd.publishRm != null) {
            upd.publishRm.forEach(v -> remove.addAll(PortSpecs.parse(v)));
        }
        List<JsonNode> ports = new ArrayList<>();
        for (JsonNode p : set.values()) {
            boolean removed = remove.stream().anyMatch(r -> sameProtocol(p, r)
                    && p.path("TargetPort").asLong(0) == r.path("TargetPort").asLong(0) && samePublishMode(p, r));
            if (!removed) {
                ports.add(p);
            }
        }
        if (upd.publishAdd != null) {
            for (String v : upd.publishAdd) {
                for (ObjectNode p : PortSpecs.parse(v)) {
                    if (!set.containsKey(PortSpecs.key(p))) {
                        ports.add(p);
                    }
                }
            }
        }
        ports.sort(Comparator.comparing(PortSpecs::key));
        setNodes(endpoint, "Ports", ports);
    }

    private static boolean sameProtocol(JsonNode a, JsonNode b) {
        String x = a.path("Protocol").asText("");
        String y = b.path("Protocol").asText("");
        return x.equals(y) || (x.isEmpty() && y.equals("tcp")) || (y.isEmpty() && x.equals("tcp"));
    }

    private static boolean samePublishMode(JsonNode a, JsonNode b) {
        String x = a.path("PublishMode").asText("");
        String y = b.path("PublishMode").asText("");
        return x.equals(y) || (x.isEmpty() && y.equals("ingress")) || (y.isEmpty() && x.equals("ingress"));
    }

    private void editDns(ObjectNode c) {
        JsonNode old = c.path("DNSConfig");
        ObjectNode dns = JsonTrees.object();
        dnsList(dns, "Nameservers", JsonTrees.stringList(old.get("Nameservers")), upd.dnsAdd, upd.dnsRm);
        dnsList(dns, "Search", JsonTrees.stringList(old.get("Search")), upd.dnsSearchAdd, upd.dnsSearchRm);
        dnsList(dns, "Options", JsonTrees.stringList(old.get("Options")), upd.dnsOptionAdd, upd.dnsOptionRm);
        c.set("DNSConfig", dns);
    }

    private static void dnsList(ObjectNode dns, String field, List<String> current, List<String> add, List<String> rm) {
        LinkedHashSet<String> values = new LinkedHashSet<>(current);
        if (add != null) {
            values.addAll(add);
        }
        Set<String> remove = set(rm);
        TreeSet<String> kept = new TreeSet<>();
        values.stream().filter(v -> !remove.contains(v)).forEach(kept::add);
        if (!kept.isEmpty()) {
            dns.set(field, JsonTrees.strings(new ArrayList<>(kept)));
        }
    }

    /** docker's {@code updateHosts}: removes host names (optionally only for an IP), then adds "ip host" lines. */
    private void editHosts(ObjectNode c) {
        record Removal(String host, String ip) {}
        List<Removal> removals = new ArrayList<>();
        if (upd.hostRm != null) {
            for (String entry : upd.hostRm) {
                int colon = entry.indexOf(':');
                removals.add(colon < 0 ? new Removal(entry, "") : new Removal(entry.substring(0, colon), entry.substring(colon + 1)));
            }
        }
        List<String> hosts = new ArrayList<>();
        for (String entry : JsonTrees.stringList(c.get("Hosts"))) {
            String[] parts = entry.trim().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            String ip = parts[0];
            List<String> names = new ArrayList<>(List.of(parts).subList(1, parts.length));
            for (Removal r : removals) {
                if (!r.ip().isEmpty() && !r.ip().equals(ip)) {
                    continue;
                }
                names.remove(r.host());
            }
            if (!names.isEmpty()) {
                hosts.add(ip + " " + String.join(" ", names));
            }
        }
        if (upd.hostAdd != null) {
            upd.hostAdd.forEach(h -> hosts.add(OptionValues.swarmHost(OptionValues.extraHost(h))));
        }
        setList(c, "Hosts", new ArrayList<>(new LinkedHashSet<>(hosts)));
    }

    private void editHealthcheck(ObjectNode c) {
        if (common.noHealthcheck == null && common.healthCmd == null && common.healthInterval == null
                && common.healthRetries == null && common.healthTimeout == null && common.healthStartPeriod == null
                && common.healthStartInterval == null) {
            return;
        }
        ObjectNode h = JsonTrees.child(c, "Healthcheck");
        boolean others = common.healthCmd != null || common.healthInterval != null || common.healthRetries != null
                || common.healthTimeout != null || common.healthStartPeriod != null || common.healthStartInterval != null;
        if (Boolean.TRUE.equals(common.noHealthcheck)) {
            if (others) {
                throw new CliException("--no-healthcheck conflicts with --health-* options");
            }
            ObjectNode none = JsonTrees.object();
            none.set("Test", JsonTrees.strings(List.of("NONE")));
            c.set("Healthcheck", none);
            return;
        }
        List<String> test = JsonTrees.stringList(h.get("Test"));
        if (!test.isEmpty() && test.get(0).equals("NONE")) {
            h.remove("Test");
        }
        setDuration(h, "Interval", common.healthInterval);
        setDuration(h, "Timeout", common.healthTimeout);
        setDuration(h, "StartPeriod", common.healthStartPeriod);
        setDuration(h, "StartInterval", common.healthStartInterval);
        if (common.healthRetries != null) {
            if (common.healthRetries == 0) {
                h.remove("Retries");
            } else {
                h.put("Retries", common.healthRetries);
            }
        }
        if (common.healthCmd != null) {
            if (common.healthCmd.isEmpty()) {
                h.remove("Test");
            } else {
                h.set("Test", JsonTrees.strings(List.of("CMD-SHELL", common.healthCmd)));
            }
        }
    }

    /** docker's {@code updateCapabilities}: RESET clears a side; adding cancels a drop and the reverse. */
    private void editCapabilities(ObjectNode c) {
        TreeSet<String> add = normalized(JsonTrees.stringList(c.get("CapabilityAdd")));
        TreeSet<String> drop = normalized(JsonTrees.stringList(c.get("CapabilityDrop")));
        TreeSet<String> toAdd = normalized(common.capAdd);
        TreeSet<String> toDrop = normalized(common.capDrop);
        if (toAdd.remove("RESET")) {
            add.clear();
        }
        if (toDrop.remove("RESET")) {
            drop.clear();
        }
        for (String cap : toDrop) {
            if (!toAdd.contains(cap)) {
                if (!add.remove(cap)) {
                    drop.add(cap);
                }
            }
        }
        for (String cap : toAdd) {
            if (!drop.remove(cap)) {
                add.add(cap);
            }
        }
        setList(c, "CapabilityAdd", capsList(add));
        setList(c, "CapabilityDrop", capsList(drop));
    }

    private static TreeSet<String> normalized(List<String> caps) {
        TreeSet<String> out = new TreeSet<>();
        if (caps != null) {
            caps.forEach(x -> out.add(OptionValues.capability(x)));
        }
        return out;
    }

    private static List<String> capsList(TreeSet<String> caps) {
        return caps.contains("ALL") ? List.of("ALL") : new ArrayList<>(caps);
    }

    private void editReferences(ObjectNode c, FileReferences.Kind kind, String field, List<String> rm, List<String> add) {
        Set<String> remove = set(rm);
        String nameField = kind == FileReferences.Kind.SECRET ? "SecretName" : "ConfigName";
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode r : iterable(c.get(field))) {
            if (!remove.contains(r.path(nameField).asText(""))) {
                kept.add(r);
            }
        }
        if (add != null && !add.isEmpty()) {
            List<ObjectNode> requested = new ArrayList<>();
            add.forEach(v -> requested.add(FileReferences.parse(kind, v)));
            kept.addAll(FileReferences.resolve(api, kind, requested));
        }
        setNodes(c, field, kept);
    }

    private static ObjectNode resources(ObjectNode task, String part) {
        ObjectNode resources = JsonTrees.child(task, "Resources");
        JsonTrees.child(resources, "Limits");
        JsonTrees.child(resources, "Reservations");
        return JsonTrees.child(resources, part);
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : new HashSet<>(values);
    }

    /** Sets a list, leaving it out when empty (Go's omitempty). */
    private static void setList(ObjectNode o, String field, List<String> values) {
        if (values.isEmpty()) {
            o.remove(field);
        } else {
            o.set(field, JsonTrees.strings(values));
        }
    }

    private static void setNodes(ObjectNode o, String field, List<? extends JsonNode> values) {
        if (values.isEmpty()) {
            o.remove(field);
        } else {
            ArrayNode a = JsonTrees.array();
            values.forEach(a::add);
            o.set(field, a);
        }
    }

    private static void setString(ObjectNode o, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty()) {
            o.remove(field);
        } else {
            o.put(field, value);
        }
    }

    private static void setNumber(ObjectNode o, String field, Long value) {
        if (value == null) {
            return;
        }
        if (value == 0) {
            o.remove(field);
        } else {
            o.put(field, value);
        }
    }

    private static void setDuration(ObjectNode o, String field, Long value) {
        setNumber(o, field, value);
    }

    private static void setBool(ObjectNode o, String field, boolean value) {
        if (value) {
            o.put(field, true);
        } else {
            o.remove(field);
        }
    }
}
