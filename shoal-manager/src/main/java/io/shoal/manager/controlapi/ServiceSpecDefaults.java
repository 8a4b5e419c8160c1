package io.shoal.manager.controlapi;

import io.shoal.api.EndpointMode;
import io.shoal.api.FailureAction;
import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.TaskSpec;
import io.shoal.api.UpdateOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What dockerd fills in before SwarmKit sees a service spec, so that what is stored reads back as
 * Docker shows it: one replica for {@code Replicated:{}} (or no mode), {@code vip} for a missing
 * endpoint mode, tcp/ingress for ports, explicit update-config fields, the container runtime.
 */
final class ServiceSpecDefaults {
    static final String CONTAINER_RUNTIME = "container";

    private ServiceSpecDefaults() {}

    /** The spec with defaults applied; {@code name} replaces an empty name. */
    static ServiceSpec apply(ServiceSpec spec, String name) {
        ServiceSpec s = spec;
        if (s.name() == null || s.name().isEmpty()) {
            s = s.withName(name);
        }
        if (s.labels() == null) {
            s = s.withLabels(Map.of());
        }
        s = s.withMode(mode(s.mode()));
        s = s.withEndpointSpec(endpoint(s.endpointSpec()));
        s = s.withUpdateConfig(updateConfig(s.updateConfig()));
        s = s.withRollbackConfig(updateConfig(s.rollbackConfig()));
        TaskSpec t = s.taskTemplate();
        if (t != null && (t.runtime() == null || t.runtime().isEmpty())) {
            s = s.withTaskTemplate(new TaskSpec(t.containerSpec(), t.resources(), t.restartPolicy(), t.placement(),
                    t.networks(), t.logDriver(), t.forceUpdate(), CONTAINER_RUNTIME));
        }
        return s;
    }

    private static ServiceSpec.Mode mode(ServiceSpec.Mode m) {
        if (m == null) {
            return ServiceSpec.Mode.ofReplicated(1);
        }
        int set = (m.replicated() != null ? 1 : 0) + (m.global() != null ? 1 : 0)
                + (m.replicatedJob() != null ? 1 : 0) + (m.globalJob() != null ? 1 : 0);
        if (set > 1) {
            throw new ShoalException.InvalidArgument("must specify only one service mode");
        }
        if (m.global() != null || m.globalJob() != null) {
            return m;
        }
        if (m.replicatedJob() != null) {
            Long max = m.replicatedJob().maxConcurrent() == null ? Long.valueOf(1) : m.replicatedJob().maxConcurrent();
            Long total = m.replicatedJob().totalCompletions() == null ? max : m.replicatedJob().totalCompletions();
            return ServiceSpec.Mode.ofReplicatedJob(max, total);
        }
        return ServiceSpec.Mode.ofReplicated(m.replicated() == null ? 1 : m.replicated().replicasOrOne());
    }

    private static ServiceSpec.EndpointSpec endpoint(ServiceSpec.EndpointSpec e) {
        if (e == null) {
            return ServiceSpec.EndpointSpec.DEFAULT;
        }
        List<ServiceSpec.PortConfig> ports = null;
        if (e.ports() != null) {
            ports = new ArrayList<>(e.ports().size());
            for (ServiceSpec.PortConfig p : e.ports()) {
                ports.add(new ServiceSpec.PortConfig(p.name(),
                        p.protocol() == null ? PortProtocol.TCP : p.protocol(),
                        p.targetPort(), p.publishedPort(),
                        p.publishMode() == null ? PublishMode.INGRESS : p.publishMode()));
            }
        }
        return new ServiceSpec.EndpointSpec(e.mode() == null ? EndpointMode.VIP : e.mode(), ports);
    }

    /**
     * A present update config gets Docker's zero values made explicit (parallelism 0 = all at
     * once, pause, stop-first); an absent one stays absent (Swarm's defaults apply).
     */
    private static ServiceSpec.UpdateConfig updateConfig(ServiceSpec.UpdateConfig u) {
        if (u == null) {
            return null;
        }
        return new ServiceSpec.UpdateConfig(
                u.parallelism() == null ? Long.valueOf(0) : u.parallelism(),
                u.delay() == null ? Long.valueOf(0) : u.delay(),
                u.failureAction() == null ? FailureAction.PAUSE : u.failureAction(),
                u.monitor(),
                u.maxFailureRatio() == null ? Double.valueOf(0) : u.maxFailureRatio(),
                u.order() == null ? UpdateOrder.STOP_FIRST : u.order());
    }
}
