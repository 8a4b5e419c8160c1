package io.shoal.manager.scheduler;

import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/** A host-mode published port: a node can give it to one task at a time. */
record HostPort(PortProtocol protocol, int port) {
    /** The host-mode ports with a fixed number that a service's tasks publish (0 lets the node pick). */
    static List<HostPort> of(Service service) {
        if (service == null || service.spec() == null || service.spec().endpointSpec() == null
                || service.spec().endpointSpec().ports() == null) {
            return List.of();
        }
        List<HostPort> out = new ArrayList<>();
        for (ServiceSpec.PortConfig p : service.spec().endpointSpec().ports()) {
            if (p.publishMode() == PublishMode.HOST && p.publishedPort() != null && p.publishedPort() != 0) {
                out.add(new HostPort(p.protocol() == null ? PortProtocol.TCP : p.protocol(), p.publishedPort()));
            }
        }
        return List.copyOf(out);
    }
}
