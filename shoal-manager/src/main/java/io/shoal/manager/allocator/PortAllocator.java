package io.shoal.manager.allocator;

import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The cluster's ingress (routing mesh) ports: one owner per published port and protocol. A port
 * published as 0 gets the next free one of the dynamic range 30000–32767, handed out serially like
 * Swarm's. Host-mode ports are not allocated here: each node's own ports are checked by the scheduler.
 * Not thread-safe: owned by the allocator's loop.
 */
final class PortAllocator {
    static final int DYNAMIC_FIRST = 30000;
    static final int DYNAMIC_LAST = 32767;

    private record Key(PortProtocol protocol, int port) {}

    private final Map<Key, String> owners = new HashMap<>();
    private final Map<String, Set<Key>> byService = new HashMap<>();
    private final Map<PortProtocol, Integer> cursor = new EnumMap<>(PortProtocol.class);

    void clear() {
        owners.clear();
        byService.clear();
        cursor.clear();
    }

    /** Takes over what a service's stored endpoint holds (after a restart of the allocator). */
    void restore(String serviceId, List<ServiceSpec.PortConfig> endpointPorts) {
        if (endpointPorts == null) {
            return;
        }
        for (ServiceSpec.PortConfig p : endpointPorts) {
            if (isIngress(p) && p.publishedPort() != null && p.publishedPort() != 0) {
                Key k = new Key(protocolOf(p), p.publishedPort());
                owners.putIfAbsent(k, serviceId);
                if (serviceId.equals(owners.get(k))) {
                    byService.computeIfAbsent(serviceId, s -> new HashSet<>()).add(k);
                }
            }
        }
    }

    /**
     * The ports a service's endpoint shows for its (normalised) spec ports: ingress ports reserved,
     * dynamic ones filled in (keeping the ones it had), host-mode ones copied. Frees ports the service
     * no longer publishes. Conflict if an explicit port belongs to another service.
     */
    List<ServiceSpec.PortConfig> allocate(String serviceId, List<ServiceSpec.PortConfig> specPorts,
            List<ServiceSpec.PortConfig> currentPorts) {
        List<ServiceSpec.PortConfig> spec = specPorts == null ? List.of() : specPorts;
        for (ServiceSpec.PortConfig p : spec) {
            if (isIngress(p) && p.publishedPort() != 0) {
                String owner = owners.get(new Key(protocolOf(p), p.publishedPort()));
                if (owner != null && !owner.equals(serviceId)) {
                    throw new ShoalException.Conflict("port '" + p.publishedPort() + "' is already in use by service '"
                            + owner + "' as an ingress port");
                }
            }
        }
        Set<Key> held = byService.getOrDefault(serviceId, Set.of());
        release(serviceId);
        Set<Key> mine = new HashSet<>();
        for (ServiceSpec.PortConfig p : spec) {
            if (isIngress(p) && p.publishedPort() != 0) {
                Key k = new Key(protocolOf(p), p.publishedPort());
                owners.put(k, serviceId);
                mine.add(k);
            }
        }
        List<ServiceSpec.PortConfig> out = new ArrayList<>(spec.size());
        for (ServiceSpec.PortConfig p : spec) {
            if (!isIngress(p) || p.publishedPort() != 0) {
                out.add(p);
                continue;
            }
            Integer port = previousDynamic(p, currentPorts, held, mine);
            if (port == null) {
                port = nextFree(protocolOf(p));
            }
            Key k = new Key(protocolOf(p), port);
            owners.put(k, serviceId);
            mine.add(k);
            out.add(new ServiceSpec.PortConfig(p.name(), p.protocol(), p.targetPort(), port, p.publishMode()));
        }
        if (!mine.isEmpty()) {
            byService.put(serviceId, mine);
        }
        return out;
    }

    /** The dynamic port the service already had for the same target, if it is still free for it. */
    private Integer previousDynamic(ServiceSpec.PortConfig p, List<ServiceSpec.PortConfig> current, Set<Key> held,
            Set<Key> mine) {
        if (current == null) {
            return null;
        }
        for (ServiceSpec.PortConfig c : current) {
            if (!isIngress(c) || c.publishedPort() == null || c.publishedPort() < DYNAMIC_FIRST
                    || c.publishedPort() > DYNAMIC_LAST || protocolOf(c) != protocolOf(p)
                    || !Objects.equals(c.targetPort(), p.targetPort()) || !Objects.equals(c.name(), p.name())) {
                continue;
            }
            Key k = new Key(protocolOf(c), c.publishedPort());
            if (held.contains(k) && !mine.contains(k) && !owners.containsKey(k)) {
                return c.publishedPort();
            }
        }
        return null;
    }

    private int nextFree(PortProtocol protocol) {
        int span = DYNAMIC_LAST - DYNAMIC_FIRST + 1;
        int start = cursor.getOrDefault(protocol, DYNAMIC_FIRST);
        for (int i = 0; i < span; i++) {
            int port = DYNAMIC_FIRST + Math.floorMod(start - DYNAMIC_FIRST + i, span);
            if (!owners.containsKey(new Key(protocol, port))) {
                cursor.put(protocol, port == DYNAMIC_LAST ? DYNAMIC_FIRST : port + 1);
                return port;
            }
        }
        throw new ShoalException.Unavailable("no free port left in the dynamic range " + DYNAMIC_FIRST + "-"
                + DYNAMIC_LAST + "/" + protocol.wire());
    }

    void release(String serviceId) {
        Set<Key> keys = byService.remove(serviceId);
        if (keys != null) {
            for (Key k : keys) {
                owners.remove(k, serviceId);
            }
        }
    }

    String owner(PortProtocol protocol, int port) {
        return owners.get(new Key(protocol, port));
    }

    private static boolean isIngress(ServiceSpec.PortConfig p) {
        return p.publishMode() == null || p.publishMode() == PublishMode.INGRESS;
    }

    private static PortProtocol protocolOf(ServiceSpec.PortConfig p) {
        return p.protocol() == null ? PortProtocol.TCP : p.protocol();
    }
}
