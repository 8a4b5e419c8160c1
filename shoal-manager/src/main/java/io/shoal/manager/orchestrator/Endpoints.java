package io.shoal.manager.orchestrator;

import io.shoal.api.EndpointMode;
import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Endpoint specs with Docker's defaults filled in, so two that mean the same compare equal, and
 * whether a service's endpoint is allocated (its tasks may then skip NEW and go to the scheduler).
 */
public final class Endpoints {
    /** The status message of a task waiting for the scheduler, as Swarm's allocator writes it. */
    public static final String PENDING_MESSAGE = "pending task scheduling";

    private Endpoints() {}

    /** Whether a service's stored endpoint matches its spec (its tasks may be scheduled). */
    public static boolean isAllocated(Service s) {
        return s.endpoint() != null && Objects.equals(s.endpoint().spec(), normalize(s.spec().endpointSpec()));
    }

    /**
     * The endpoint of a service that needs nothing allocated (it publishes no ports), which the API
     * records as it creates the service; null if the allocator has ports to give it.
     */
    public static Service.Endpoint withoutAllocation(ServiceSpec spec) {
        ServiceSpec.EndpointSpec normalized = normalize(spec.endpointSpec());
        return normalized.ports() == null ? new Service.Endpoint(normalized, null, null) : null;
    }

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
