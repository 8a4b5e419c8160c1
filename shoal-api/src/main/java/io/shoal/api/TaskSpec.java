package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What one task runs and under which rules: Docker's {@code TaskSpec}. Durations are nanoseconds.
 * Parts Shoal passes through without interpreting are kept as JSON so nothing a client sent is lost.
 */
public record TaskSpec(
        ContainerSpec containerSpec,
        ResourceRequirements resources,
        RestartPolicy restartPolicy,
        Placement placement,
        List<NetworkAttachmentConfig> networks,
        LogDriver logDriver,
        Long forceUpdate,
        String runtime) {

    public TaskSpec {
        networks = networks == null ? null : List.copyOf(networks);
    }

    public TaskSpec withContainerSpec(ContainerSpec c) {
        return new TaskSpec(c, resources, restartPolicy, placement, networks, logDriver, forceUpdate, runtime);
    }

    public TaskSpec withResources(ResourceRequirements r) {
        return new TaskSpec(containerSpec, r, restartPolicy, placement, networks, logDriver, forceUpdate, runtime);
    }

    public TaskSpec withRestartPolicy(RestartPolicy r) {
        return new TaskSpec(containerSpec, resources, r, placement, networks, logDriver, forceUpdate, runtime);
    }

    public TaskSpec withPlacement(Placement p) {
        return new TaskSpec(containerSpec, resources, restartPolicy, p, networks, logDriver, forceUpdate, runtime);
    }

    public TaskSpec withForceUpdate(Long f) {
        return new TaskSpec(containerSpec, resources, restartPolicy, placement, networks, logDriver, f, runtime);
    }

    public record ContainerSpec(
            String image,
            Map<String, String> labels,
            List<String> command,
            List<String> args,
            String hostname,
            List<String> env,
            String dir,
            String user,
            List<String> groups,
            JsonNode privileges,
            @JsonProperty("TTY") Boolean tty,
            Boolean openStdin,
            Boolean readOnly,
            List<Mount> mounts,
            String stopSignal,
            Long stopGracePeriod,
            HealthConfig healthCheck,
            List<String> hosts,
            @JsonProperty("DNSConfig") DnsConfig dnsConfig,
            List<SecretReference> secrets,
            List<ConfigReference> configs,
            String isolation,
            Boolean init,
            Map<String, String> sysctls,
            List<String> capabilityAdd,
            List<String> capabilityDrop,
            JsonNode ulimits,
            Long oomScoreAdj) {

        /** A container spec with only an image; the rest unset. */
        public static ContainerSpec ofImage(String image) {
            return new ContainerSpec(image, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }

        public ContainerSpec withImage(String i) {
            return new ContainerSpec(i, labels, command, args, hostname, env, dir, user, groups, privileges, tty,
                    openStdin, readOnly, mounts, stopSignal, stopGracePeriod, healthCheck, hosts, dnsConfig, secrets,
                    configs, isolation, init, sysctls, capabilityAdd, capabilityDrop, ulimits, oomScoreAdj);
        }

        public ContainerSpec withCommand(List<String> c, List<String> a) {
            return new ContainerSpec(image, labels, c, a, hostname, env, dir, user, groups, privileges, tty,
                    openStdin, readOnly, mounts, stopSignal, stopGracePeriod, healthCheck, hosts, dnsConfig, secrets,
                    configs, isolation, init, sysctls, capabilityAdd, capabilityDrop, ulimits, oomScoreAdj);
        }

        public ContainerSpec withEnv(List<String> e) {
            return new ContainerSpec(image, labels, command, args, hostname, e, dir, user, groups, privileges, tty,
                    openStdin, readOnly, mounts, stopSignal, stopGracePeriod, healthCheck, hosts, dnsConfig, secrets,
                    configs, isolation, init, sysctls, capabilityAdd, capabilityDrop, ulimits, oomScoreAdj);
        }

        public ContainerSpec withLabels(Map<String, String> l) {
            return new ContainerSpec(image, l, command, args, hostname, env, dir, user, groups, privileges, tty,
                    openStdin, readOnly, mounts, stopSignal, stopGracePeriod, healthCheck, hosts, dnsConfig, secrets,
                    configs, isolation, init, sysctls, capabilityAdd, capabilityDrop, ulimits, oomScoreAdj);
        }

        public ContainerSpec withHealthCheck(HealthConfig h) {
            return new ContainerSpec(image, labels, command, args, hostname, env, dir, user, groups, privileges, tty,
                    openStdin, readOnly, mounts, stopSignal, stopGracePeriod, h, hosts, dnsConfig, secrets,
                    configs, isolation, init, sysctls, capabilityAdd, capabilityDrop, ulimits, oomScoreAdj);
        }

        public ContainerSpec withStopGracePeriod(Long g) {
            return new ContainerSpec(image, labels, command, args, hostname, env, dir, user, groups, privileges, tty,
                    openStdin, readOnly, mounts, stopSignal, g, healthCheck, hosts, dnsConfig, secrets,
                    configs, isolation, init, sysctls, capabilityAdd, capabilityDrop, ulimits, oomScoreAdj);
        }

        public ContainerSpec withDnsConfig(DnsConfig d) {
            return new ContainerSpec(image, labels, command, args, hostname, env, dir, user, groups, privileges, tty,
                    openStdin, readOnly, mounts, stopSignal, stopGracePeriod, healthCheck, hosts, d, secrets,
                    configs, isolation, init, sysctls, capabilityAdd, capabilityDrop, ulimits, oomScoreAdj);
        }
    }

    public record Mount(
            String type,
            String source,
            String target,
            Boolean readOnly,
            String consistency,
            JsonNode bindOptions,
            JsonNode volumeOptions,
            JsonNode tmpfsOptions) {}

    /** Docker's HealthConfig: Test is [] (inherit), ["NONE"], ["CMD", ...] or ["CMD-SHELL", cmd]. */
    public record HealthConfig(
            List<String> test,
            Long interval,
            Long timeout,
            Integer retries,
            Long startPeriod,
            Long startInterval) {}

    public record DnsConfig(List<String> nameservers, List<String> search, List<String> options) {}

    public record FileTarget(
            String name,
            @JsonProperty("UID") String uid,
            @JsonProperty("GID") String gid,
            Integer mode) {}

    public record SecretReference(
            @JsonProperty("File") FileTarget file,
            @JsonProperty("SecretID") String secretId,
            String secretName) {}

    public record ConfigReference(
            @JsonProperty("File") FileTarget file,
            JsonNode runtime,
            @JsonProperty("ConfigID") String configId,
            String configName) {}

    public record ResourceRequirements(Resources limits, Resources reservations) {
        public static final ResourceRequirements NONE = new ResourceRequirements(null, null);
    }

    /** Limits or reservations. NanoCPUs: 1e9 is one CPU. */
    public record Resources(
            @JsonProperty("NanoCPUs") Long nanoCpus,
            Long memoryBytes,
            Long pids,
            JsonNode genericResources) {

        public long nanoCpusOrZero() {
            return nanoCpus == null ? 0 : nanoCpus;
        }

        public long memoryBytesOrZero() {
            return memoryBytes == null ? 0 : memoryBytes;
        }
    }

    public record RestartPolicy(RestartCondition condition, Long delay, Long maxAttempts, Long window) {
        /** Swarm's defaults: restart on any exit, after 5 s, without limit. */
        public static final long DEFAULT_DELAY = 5_000_000_000L;
        public static final RestartPolicy DEFAULT = new RestartPolicy(RestartCondition.ANY, DEFAULT_DELAY, 0L, 0L);

        public RestartCondition conditionOrDefault() {
            return condition == null ? RestartCondition.ANY : condition;
        }

        public long delayOrDefault() {
            return delay == null ? DEFAULT_DELAY : delay;
        }

        public long maxAttemptsOrZero() {
            return maxAttempts == null ? 0 : maxAttempts;
        }

        public long windowOrZero() {
            return window == null ? 0 : window;
        }
    }

    public record Placement(
            List<String> constraints,
            List<PlacementPreference> preferences,
            Long maxReplicas,
            List<Platform> platforms) {}

    public record PlacementPreference(SpreadOver spread) {}

    public record SpreadOver(String spreadDescriptor) {}

    public record Platform(String architecture, @JsonProperty("OS") String os) {}

    public record NetworkAttachmentConfig(String target, List<String> aliases, Map<String, String> driverOpts) {}

    public record LogDriver(String name, Map<String, String> options) {}
}
