package io.shoal.agent.exec.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Isolation;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.TaskNames;
import io.shoal.api.Json;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A task's container spec as a container create request, the way Swarm's Docker executor builds it:
 * Command is the entrypoint and Args the command, Swarm's labels and name, resource limits, and
 * restart policy "no" (Shoal restarts tasks by making new ones; the engine must not).
 */
final class ContainerConfig {
    /** docker-java's model classes carry Docker's JSON names, so Shoal's JSON converts into them. */
    private static final ObjectMapper DOCKER_JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** docker-java's noRestart() sends an empty name; the engine (and `docker inspect`) calls it "no". */
    private static final RestartPolicy NO_RESTART = convert(Json.mapper().createObjectNode().put("Name", "no"),
            RestartPolicy.class, "restart policy");

    private ContainerConfig() {}

    static CreateContainerCmd apply(CreateContainerCmd cmd, Task task) {
        TaskSpec.ContainerSpec c = task.spec().containerSpec();
        cmd.withName(TaskNames.containerName(task)).withLabels(TaskNames.containerLabels(task));
        if (c.command() != null && !c.command().isEmpty()) {
            cmd.withEntrypoint(c.command());
        }
        if (c.args() != null && !c.args().isEmpty()) {
            cmd.withCmd(c.args());
        }
        if (c.env() != null) {
            cmd.withEnv(c.env());
        }
        if (notEmpty(c.dir())) {
            cmd.withWorkingDir(c.dir());
        }
        if (notEmpty(c.user())) {
            cmd.withUser(c.user());
        }
        if (notEmpty(c.hostname())) {
            cmd.withHostName(c.hostname());
        }
        if (c.tty() != null) {
            cmd.withTty(c.tty());
        }
        if (c.openStdin() != null) {
            cmd.withStdinOpen(c.openStdin());
        }
        if (notEmpty(c.stopSignal())) {
            cmd.withStopSignal(c.stopSignal());
        }
        if (c.healthCheck() != null) {
            cmd.withHealthcheck(healthCheck(c.healthCheck()));
        }
        cmd.withHostConfig(hostConfig(task, c));
        return cmd;
    }

    static HealthCheck healthCheck(TaskSpec.HealthConfig h) {
        HealthCheck out = new HealthCheck();
        if (h.test() != null) {
            out.withTest(h.test());
        }
        out.withInterval(h.interval()).withTimeout(h.timeout()).withStartPeriod(h.startPeriod());
        if (h.retries() != null) {
            out.withRetries(h.retries());
        }
        if (h.startInterval() != null) {
            out.withStartInterval(h.startInterval());
        }
        return out;
    }

    /** True when the container will report a health status: a test other than NONE or inherited. */
    static boolean hasHealthCheck(List<String> test) {
        return test != null && !test.isEmpty() && !"NONE".equals(test.get(0));
    }

    private static HostConfig hostConfig(Task task, TaskSpec.ContainerSpec c) {
        HostConfig hc = HostConfig.newHostConfig().withRestartPolicy(NO_RESTART);
        TaskSpec.ResourceRequirements rr = task.spec().resources();
        if (rr != null && rr.limits() != null) {
            TaskSpec.Resources l = rr.limits();
            if (l.nanoCpusOrZero() > 0) {
                hc.withNanoCPUs(l.nanoCpus());
            }
            if (l.memoryBytesOrZero() > 0) {
                hc.withMemory(l.memoryBytes());
            }
            if (l.pids() != null && l.pids() > 0) {
                hc.withPidsLimit(l.pids());
            }
        }
        if (c.init() != null) {
            hc.withInit(c.init());
        }
        if (c.readOnly() != null) {
            hc.withReadonlyRootfs(c.readOnly());
        }
        if (c.groups() != null && !c.groups().isEmpty()) {
            hc.withGroupAdd(c.groups());
        }
        if (c.hosts() != null && !c.hosts().isEmpty()) {
            hc.withExtraHosts(extraHosts(c.hosts()).toArray(String[]::new));
        }
        if (c.dnsConfig() != null) {
            if (c.dnsConfig().nameservers() != null) {
                hc.withDns(c.dnsConfig().nameservers());
            }
            if (c.dnsConfig().search() != null) {
                hc.withDnsSearch(c.dnsConfig().search());
            }
            if (c.dnsConfig().options() != null) {
                hc.withDnsOptions(c.dnsConfig().options());
            }
        }
        if (c.capabilityAdd() != null && !c.capabilityAdd().isEmpty()) {
            hc.withCapAdd(capabilities(c.capabilityAdd()));
        }
        if (c.capabilityDrop() != null && !c.capabilityDrop().isEmpty()) {
            hc.withCapDrop(capabilities(c.capabilityDrop()));
        }
        if (c.sysctls() != null && !c.sysctls().isEmpty()) {
            hc.withSysctls(c.sysctls());
        }
        if (c.oomScoreAdj() != null) {
            hc.withOomScoreAdj(Math.toIntExact(c.oomScoreAdj()));
        }
        if (notEmpty(c.isolation()) && !"default".equals(c.isolation())) {
            hc.withIsolation(Isolation.fromValue(c.isolation()));
        }
        if (c.mounts() != null && !c.mounts().isEmpty()) {
            List<Mount> mounts = new ArrayList<>();
            for (TaskSpec.Mount m : c.mounts()) {
                mounts.add(convert(Json.mapper().valueToTree(m), Mount.class, "mount"));
            }
            hc.withMounts(mounts);
        }
        if (c.ulimits() != null && c.ulimits().isArray() && !c.ulimits().isEmpty()) {
            hc.withUlimits(convert(c.ulimits(), Ulimit[].class, "ulimits"));
        }
        return hc;
    }

    /** Swarm keeps hosts as {@code IP name [alias...]} (like /etc/hosts); the engine wants {@code name:IP}. */
    static List<String> extraHosts(List<String> hosts) {
        List<String> out = new ArrayList<>();
        for (String line : hosts) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) {
                throw ExecException.fatal("invalid host entry \"" + line + "\": want \"IP hostname [aliases...]\"");
            }
            for (int i = 1; i < parts.length; i++) {
                out.add(parts[i] + ":" + parts[0]);
            }
        }
        return out;
    }

    private static Capability[] capabilities(List<String> names) {
        List<Capability> out = new ArrayList<>();
        for (String n : names) {
            String key = n.toUpperCase(Locale.ROOT);
            if (key.startsWith("CAP_")) {
                key = key.substring(4);
            }
            try {
                out.add(Capability.valueOf(key));
            } catch (IllegalArgumentException e) {
                throw ExecException.fatal("unknown capability: \"" + n + "\"");
            }
        }
        return out.toArray(Capability[]::new);
    }

    private static <T> T convert(JsonNode json, Class<T> type, String what) {
        try {
            return DOCKER_JSON.treeToValue(json, type);
        } catch (Exception e) {
            throw ExecException.fatal("invalid " + what + ": " + e.getMessage());
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
