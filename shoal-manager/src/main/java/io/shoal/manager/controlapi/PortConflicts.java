package io.shoal.manager.controlapi;

import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SwarmKit's checkPortConflicts: an ingress port is the cluster's, so no other service may publish
 * it in any mode; host-mode ports may be shared (the scheduler keeps them apart per node) but not
 * with another service's ingress port. Both the other services' specs and their allocated
 * endpoints count.
 */
final class PortConflicts {
    private record Key(PortProtocol protocol, int port) {}

    private PortConflicts() {}

    static void check(ReadTx tx, ServiceSpec spec, String serviceId) {
        if (spec.endpointSpec() == null || spec.endpointSpec().ports() == null) {
            return;
        }
        Set<Key> ingress = new HashSet<>();
        Set<Key> host = new HashSet<>();
        for (ServiceSpec.PortConfig p : spec.endpointSpec().ports()) {
            if (p.publishedPort() == null || p.publishedPort() == 0) {
                continue;
            }
            (p.publishMode() == PublishMode.HOST ? host : ingress).add(key(p));
        }
        if (ingress.isEmpty() && host.isEmpty()) {
            return;
        }
        for (Service other : tx.all(Table.SERVICES)) {
            if (other.id().equals(serviceId)) {
                continue;
            }
            if (other.spec().endpointSpec() != null) {
                check(other.spec().endpointSpec().ports(), other, ingress, host);
            }
            if (other.endpoint() != null) {
                check(other.endpoint().ports(), other, ingress, host);
            }
        }
    }

    private static void check(List<ServiceSpec.PortConfig> ports, Service other, Set<Key> ingress, Set<Key> host) {
        if (ports == null) {
            return;
        }
        for (ServiceSpec.PortConfig p : ports) {
            if (p.publishedPort() == null || p.publishedPort() == 0) {
                continue;
            }
            Key k = key(p);
            if (p.publishMode() == PublishMode.HOST) {
                if (ingress.contains(k)) {
                    throw new ShoalException.InvalidArgument("port '" + p.publishedPort() + "' is already in use by service '"
                            + other.name() + "' (" + other.id() + ") as a host-published port");
                }
            } else if (ingress.contains(k) || host.contains(k)) {
                throw new ShoalException.InvalidArgument("port '" + p.publishedPort() + "' is already in use by service '"
                        + other.name() + "' (" + other.id() + ") as an ingress port");
            }
        }
    }

    private static Key key(ServiceSpec.PortConfig p) {
        return new Key(p.protocol() == null ? PortProtocol.TCP : p.protocol(), p.publishedPort());
    }
}
