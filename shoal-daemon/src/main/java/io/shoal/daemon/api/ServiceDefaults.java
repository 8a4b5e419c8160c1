package io.shoal.daemon.api;

import io.shoal.api.EndpointMode;
import io.shoal.api.FailureAction;
import io.shoal.api.RestartCondition;
import io.shoal.api.ServiceSpec;
import io.shoal.api.TaskSpec;
import io.shoal.api.UpdateOrder;

/**
 * What {@code GET /services/{id}?insertDefaults=true} shows: the spec with SwarmKit's defaults
 * filled in where the user left a value unset (SwarmKit's {@code defaults.InterpolateService}).
 */
public final class ServiceDefaults {
    public static final long STOP_GRACE_PERIOD = 10_000_000_000L;

    private ServiceDefaults() {}

    public static ServiceSpec insert(ServiceSpec spec) {
        if (spec == null) {
            return null;
        }
        TaskSpec task = spec.taskTemplate();
        if (task != null) {
            task = task(task);
        }
        return new ServiceSpec(spec.name(), spec.labels(), task, spec.mode(),
                update(spec.updateConfig()), update(spec.rollbackConfig()), endpoint(spec.endpointSpec()));
    }

    private static TaskSpec task(TaskSpec t) {
        TaskSpec.ContainerSpec c = t.containerSpec();
        if (c != null) {
            if (c.stopGracePeriod() == null) {
                c = c.withStopGracePeriod(STOP_GRACE_PERIOD);
            }
            if (c.dnsConfig() == null) {
                c = c.withDnsConfig(new TaskSpec.DnsConfig(null, null, null));
            }
        }
        TaskSpec.RestartPolicy r = t.restartPolicy();
        r = r == null
                ? new TaskSpec.RestartPolicy(RestartCondition.ANY, TaskSpec.RestartPolicy.DEFAULT_DELAY, 0L, null)
                : new TaskSpec.RestartPolicy(
                        r.condition() == null ? RestartCondition.ANY : r.condition(),
                        r.delay() == null ? TaskSpec.RestartPolicy.DEFAULT_DELAY : r.delay(),
                        r.maxAttempts() == null ? 0L : r.maxAttempts(),
                        r.window());
        return new TaskSpec(c,
                t.resources() == null ? TaskSpec.ResourceRequirements.NONE : t.resources(),
                r,
                t.placement() == null ? new TaskSpec.Placement(null, null, null, null) : t.placement(),
                t.networks(), t.logDriver(), t.forceUpdate(), t.runtime());
    }

    /** An unset config is Swarm's default; a set one gets only its unset fields filled. */
    private static ServiceSpec.UpdateConfig update(ServiceSpec.UpdateConfig u) {
        if (u == null) {
            return new ServiceSpec.UpdateConfig(1L, null, FailureAction.PAUSE,
                    ServiceSpec.UpdateConfig.DEFAULT_MONITOR, 0.0, UpdateOrder.STOP_FIRST);
        }
        return new ServiceSpec.UpdateConfig(
                u.parallelism() == null ? 1L : u.parallelism(),
                u.delay() != null && u.delay() == 0 ? null : u.delay(),
                u.failureAction() == null ? FailureAction.PAUSE : u.failureAction(),
                u.monitor() == null || u.monitor() == 0 ? ServiceSpec.UpdateConfig.DEFAULT_MONITOR : u.monitor(),
                u.maxFailureRatio() == null ? 0.0 : u.maxFailureRatio(),
                u.order() == null ? UpdateOrder.STOP_FIRST : u.order());
    }

    private static ServiceSpec.EndpointSpec endpoint(ServiceSpec.EndpointSpec e) {
        if (e == null) {
            return ServiceSpec.EndpointSpec.DEFAULT;
        }
        return e.mode() == null ? new ServiceSpec.EndpointSpec(EndpointMode.VIP, e.ports()) : e;
    }
}
