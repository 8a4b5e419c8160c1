package io.shoal.manager.orchestrator;

import io.shoal.api.EndpointMode;
import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/** Endpoint specs with Docker's defaults filled in, so two that mean the same compare equal. */
public final class Endpoints {
    private Endpoints() {}

    /** Mode VIP, protocol tcp and publish mode ingress where unset; no ports is {@code null}. */
    public static ServiceSpec.EndpointSpec normalize(ServiceSpec.EndpointSpec spec) {
        if (spec == null) {
            return ServiceSpec.EndpointSpec.DEFAULT;
        }
        List<ServiceSpec.PortConfig> ports = null;
        if (spec.ports() != null && !spec.ports().isEmpty()) {
            ports = new ArrayList<>(spec.ports().size());
            for (ServiceSpec.PortConfig p : spec.ports()) {
                ports.add(normalize(p));
            }
            ports = List.copyOf(ports);
        }
        return new ServiceSpec.EndpointSpec(spec.mode() == null ? EndpointMode.VIP : spec.mode(), ports);
    }

    public static ServiceSpec.PortConfig normalize(ServiceSpec.PortConfig p) {
        return new ServiceSpec.PortConfig(
                p.name() == null || p.name().isEmpty() ? null : p.name(),
                p.protocol() == null ? PortProtocol.TCP : p.protocol(),
                p.targetPort(),
                p.publishedPort() == null ? 0 : p.publishedPort(),
                p.publishMode() == null ? PublishMode.INGRESS : p.publishMode());
    }
}
