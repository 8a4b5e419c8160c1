package io.shoal.manager.testing;

import io.shoal.api.EndpointMode;
import io.shoal.api.FailureAction;
import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.RestartCondition;
import io.shoal.api.ServiceSpec;
import io.shoal.api.TaskSpec;
import io.shoal.api.UpdateOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Service specs for tests, as the API stores them: {@code ServiceSpecBuilder.replicated("web", 3).build()}. */
public final class ServiceSpecBuilder {
    private String name;
    private ServiceSpec.Mode mode;
    private String image = "busybox:latest";
    private List<String> args;
    private TaskSpec.RestartPolicy restart;
    private ServiceSpec.UpdateConfig update;
    private ServiceSpec.UpdateConfig rollback;
    private final List<String> constraints = new ArrayList<>();
    private final List<TaskSpec.PlacementPreference> preferences = new ArrayList<>();
    private final List<TaskSpec.Platform> platforms = new ArrayList<>();
    private Long maxReplicas;
    private TaskSpec.Resources reservations;
    private final List<ServiceSpec.PortConfig> ports = new ArrayList<>();
    private Map<String, String> labels = Map.of();
    private Long forceUpdate;

    private ServiceSpecBuilder(String name, ServiceSpec.Mode mode) {
        this.name = name;
        this.mode = mode;
    }

    public static ServiceSpecBuilder replicated(String name, long replicas) {
        return new ServiceSpecBuilder(name, ServiceSpec.Mode.ofReplicated(replicas));
    }

    public static ServiceSpecBuilder global(String name) {
        return new ServiceSpecBuilder(name, ServiceSpec.Mode.ofGlobal());
    }

    public static ServiceSpecBuilder replicatedJob(String name, long maxConcurrent, long totalCompletions) {
        return new ServiceSpecBuilder(name, ServiceSpec.Mode.ofReplicatedJob(maxConcurrent, totalCompletions));
    }

    public static ServiceSpecBuilder globalJob(String name) {
        return new ServiceSpecBuilder(name, ServiceSpec.Mode.ofGlobalJob());
    }

    /** A builder starting from an existing spec's mode and name (other settings default). */
    public static ServiceSpecBuilder from(ServiceSpec spec) {
        ServiceSpecBuilder b = new ServiceSpecBuilder(spec.name(), spec.mode());
        TaskSpec t = spec.taskTemplate();
        b.image = t.containerSpec().image();
        b.args = t.containerSpec().args();
        b.restart = t.restartPolicy();
        b.update = spec.updateConfig();
        b.rollback = spec.rollbackConfig();
        if (t.placement() != null) {
            if (t.placement().constraints() != null) {
                b.constraints.addAll(t.placement().constraints());
            }
            if (t.placement().preferences() != null) {
                b.preferences.addAll(t.placement().preferences());
            }
            if (t.placement().platforms() != null) {
                b.platforms.addAll(t.placement().platforms());
            }
            b.maxReplicas = t.placement().maxReplicas();
        }
        b.reservations = t.resources() == null ? null : t.resources().reservations();
        if (spec.endpointSpec() != null && spec.endpointSpec().ports() != null) {
            b.ports.addAll(spec.endpointSpec().ports());
        }
        b.labels = spec.labels();
        b.forceUpdate = t.forceUpdate();
        return b;
    }

    public ServiceSpecBuilder replicas(long n) {
        this.mode = ServiceSpec.Mode.ofReplicated(n);
        return this;
    }

    public ServiceSpecBuilder image(String image) {
        this.image = image;
        return this;
    }

    public ServiceSpecBuilder args(String... args) {
        this.args = List.of(args);
        return this;
    }

    public ServiceSpecBuilder labels(Map<String, String> labels) {
        this.labels = labels;
        return this;
    }

    public ServiceSpecBuilder restart(RestartCondition condition, Duration delay, long maxAttempts, Duration window) {
        this.restart = new TaskSpec.RestartPolicy(condition, delay.toNanos(), maxAttempts, window.toNanos());
        return this;
    }

    public ServiceSpecBuilder restart(RestartCondition condition, Duration delay) {
        return restart(condition, delay, 0, Duration.ZERO);
    }

    public ServiceSpecBuilder update(long parallelism, Duration delay, FailureAction action, Duration monitor,
            double maxFailureRatio, UpdateOrder order) {
        this.update = new ServiceSpec.UpdateConfig(parallelism, delay.toNanos(), action, monitor.toNanos(),
                maxFailureRatio, order);
        return this;
    }

    public ServiceSpecBuilder rollbackConfig(long parallelism, Duration delay, FailureAction action, Duration monitor,
            double maxFailureRatio, UpdateOrder order) {
        this.rollback = new ServiceSpec.UpdateConfig(parallelism, delay.toNanos(), action, monitor.toNanos(),
                maxFailureRatio, order);
        return this;
    }

    public ServiceSpecBuilder constraint(String c) {
        constraints.add(c);
        return this;
    }

    public ServiceSpecBuilder spreadOver(String descriptor) {
        preferences.add(new TaskSpec.PlacementPreference(new TaskSpec.SpreadOver(descriptor)));
        return this;
    }

    public ServiceSpecBuilder platform(String os, String arch) {
        platforms.add(new TaskSpec.Platform(arch, os));
        return this;
    }

    public ServiceSpecBuilder maxReplicas(long n) {
        this.maxReplicas = n;
        return this;
    }

    public ServiceSpecBuilder reserve(double cpus, long memoryBytes) {
        this.reservations = new TaskSpec.Resources((long) (cpus * 1e9), memoryBytes, null, null);
        return this;
    }

    public ServiceSpecBuilder ingressPort(int published, int target) {
        ports.add(new ServiceSpec.PortConfig(null, PortProtocol.TCP, target, published, PublishMode.INGRESS));
        return this;
    }

    public ServiceSpecBuilder hostPort(int published, int target) {
        ports.add(new ServiceSpec.PortConfig(null, PortProtocol.TCP, target, published, PublishMode.HOST));
        return this;
    }

    public ServiceSpecBuilder forceUpdate(long n) {
        this.forceUpdate = n;
        return this;
    }

    public ServiceSpec build() {
        TaskSpec.ContainerSpec container = TaskSpec.ContainerSpec.ofImage(image).withCommand(null, args);
        TaskSpec.Placement placement = constraints.isEmpty() && preferences.isEmpty() && platforms.isEmpty()
                && maxReplicas == null ? null
                : new TaskSpec.Placement(constraints.isEmpty() ? null : List.copyOf(constraints),
                        preferences.isEmpty() ? null : List.copyOf(preferences), maxReplicas,
                        platforms.isEmpty() ? null : List.copyOf(platforms));
        TaskSpec.ResourceRequirements resources = reservations == null ? null
                : new TaskSpec.ResourceRequirements(null, reservations);
        TaskSpec task = new TaskSpec(container, resources, restart, placement, null, null, forceUpdate, "container");
        ServiceSpec.EndpointSpec endpoint = new ServiceSpec.EndpointSpec(EndpointMode.VIP,
                ports.isEmpty() ? null : List.copyOf(ports));
        return new ServiceSpec(name, labels, task, mode, update, rollback, endpoint);
    }
}
