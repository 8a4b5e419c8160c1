package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/** The user's declaration of a service: Docker's {@code ServiceSpec}. */
public record ServiceSpec(
        String name,
        Map<String, String> labels,
        TaskSpec taskTemplate,
        Mode mode,
        UpdateConfig updateConfig,
        UpdateConfig rollbackConfig,
        EndpointSpec endpointSpec) {

    public ServiceSpec withName(String n) {
        return new ServiceSpec(n, labels, taskTemplate, mode, updateConfig, rollbackConfig, endpointSpec);
    }

    public ServiceSpec withLabels(Map<String, String> l) {
        return new ServiceSpec(name, l, taskTemplate, mode, updateConfig, rollbackConfig, endpointSpec);
    }

    public ServiceSpec withTaskTemplate(TaskSpec t) {
        return new ServiceSpec(name, labels, t, mode, updateConfig, rollbackConfig, endpointSpec);
    }

    public ServiceSpec withMode(Mode m) {
        return new ServiceSpec(name, labels, taskTemplate, m, updateConfig, rollbackConfig, endpointSpec);
    }

    public ServiceSpec withUpdateConfig(UpdateConfig u) {
        return new ServiceSpec(name, labels, taskTemplate, mode, u, rollbackConfig, endpointSpec);
    }

    public ServiceSpec withRollbackConfig(UpdateConfig r) {
        return new ServiceSpec(name, labels, taskTemplate, mode, updateConfig, r, endpointSpec);
    }

    public ServiceSpec withEndpointSpec(EndpointSpec e) {
        return new ServiceSpec(name, labels, taskTemplate, mode, updateConfig, rollbackConfig, e);
    }

    /** Exactly one of the four is set. {@code Replicated:{}} means one replica. */
    public record Mode(Replicated replicated, Global global, ReplicatedJob replicatedJob, GlobalJob globalJob) {
        public static Mode ofReplicated(long replicas) {
            return new Mode(new Replicated(replicas), null, null, null);
        }

        public static Mode ofGlobal() {
            return new Mode(null, new Global(), null, null);
        }

        public static Mode ofReplicatedJob(long maxConcurrent, long totalCompletions) {
            return new Mode(null, null, new ReplicatedJob(maxConcurrent, totalCompletions), null);
        }

        public static Mode ofGlobalJob() {
            return new Mode(null, null, null, new GlobalJob());
        }

        @JsonIgnore
        public boolean isReplicated() {
            return replicated != null;
        }

        @JsonIgnore
        public boolean isGlobal() {
            return global != null;
        }

        @JsonIgnore
        public boolean isJob() {
            return replicatedJob != null || globalJob != null;
        }

        /** The mode's name as {@code service ls} and the {@code mode} filter use it. */
        @JsonIgnore
        public String kind() {
            if (replicated != null) {
                return "replicated";
            }
            if (global != null) {
                return "global";
            }
            if (replicatedJob != null) {
                return "replicated-job";
            }
            return globalJob != null ? "global-job" : "replicated";
        }
    }

    public record Replicated(Long replicas) {
        public long replicasOrOne() {
            return replicas == null ? 1 : replicas;
        }
    }

    public record Global() {}

    public record ReplicatedJob(Long maxConcurrent, Long totalCompletions) {}

    public record GlobalJob() {}

    /** update_config / rollback_config; unset fields take Swarm's defaults (see {@link #DEFAULT}). */
    public record UpdateConfig(
            Long parallelism,
            Long delay,
            FailureAction failureAction,
            Long monitor,
            Double maxFailureRatio,
            UpdateOrder order) {
        public static final long DEFAULT_MONITOR = 5_000_000_000L;
        public static final UpdateConfig DEFAULT =
                new UpdateConfig(1L, 0L, FailureAction.PAUSE, DEFAULT_MONITOR, 0.0, UpdateOrder.STOP_FIRST);

        /** This config with every unset field filled from Swarm's defaults. */
        public UpdateConfig withDefaults() {
            return new UpdateConfig(
                    parallelism == null ? DEFAULT.parallelism : parallelism,
                    delay == null ? DEFAULT.delay : delay,
                    failureAction == null ? DEFAULT.failureAction : failureAction,
                    monitor == null || monitor == 0 ? DEFAULT.monitor : monitor,
                    maxFailureRatio == null ? DEFAULT.maxFailureRatio : maxFailureRatio,
                    order == null ? DEFAULT.order : order);
        }
    }

    public record EndpointSpec(EndpointMode mode, List<PortConfig> ports) {
        public static final EndpointSpec DEFAULT = new EndpointSpec(EndpointMode.VIP, null);
    }

    public record PortConfig(
            String name,
            PortProtocol protocol,
            Integer targetPort,
            Integer publishedPort,
            PublishMode publishMode) {}
}
