package io.shoal.manager.ca;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.Reachability;
import io.shoal.api.ShoalException;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.manager.controlapi.ClusterApi;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code swarm init} writes: the cluster object (spec, root CA, join tokens, network
 * defaults), the first node (a manager, READY, leader) and that node's certificate. The caller
 * stores the cluster and node in one transaction and keeps the certificate in its data directory.
 */
public final class ClusterBootstrap {
    public static final String DEFAULT_ADDR_POOL = "10.0.0.0/8";
    public static final int DEFAULT_SUBNET_SIZE = 24;
    public static final int DEFAULT_DATA_PATH_PORT = 4789;
    public static final int DEFAULT_MANAGER_PORT = 2377;
    private static final int MAX_SUBNET_SIZE = 29;

    private ClusterBootstrap() {}

    /** The objects a new swarm starts with, and this node's certificate (with its key). */
    public record Bootstrap(Cluster cluster, Node node, NodeCertificate certificate, RootCa rootCa) {}

    /**
     * Builds a new swarm. {@code advertiseAddr} is the address other nodes reach this manager at,
     * {@code host} or {@code host:port} (port 2377 if absent). Fails with InvalidArgument on a bad
     * request, with dockerd's messages.
     */
    public static Bootstrap init(InitRequest request, String nodeId, Node.Description description,
                                 String advertiseAddr, Clock clock) {
        return init(request, nodeId, description, advertiseAddr, clock, ClusterApi.DEFAULT_MIN_NODE_CERT_EXPIRY);
    }

    /** With another floor for the certificate lifetime (see {@link ClusterApi#validate(Cluster.SwarmSpec, Duration)}). */
    public static Bootstrap init(InitRequest request, String nodeId, Node.Description description,
                                 String advertiseAddr, Clock clock, Duration minNodeCertExpiry) {
        InitRequest r = request == null ? InitRequest.defaults() : request;
        Cluster.SwarmSpec requested = r.spec() == null
                ? new Cluster.SwarmSpec(null, null, null, null, null, null, null, null) : r.spec();
        if (requested.name() != null && !requested.name().isEmpty() && !Cluster.DEFAULT_NAME.equals(requested.name())) {
            throw new ShoalException.InvalidArgument("swarm spec must be named \"default\"");
        }
        Cluster.SwarmSpec spec = ClusterApi.validate(requested, minNodeCertExpiry);
        if (Boolean.TRUE.equals(r.autoLockManagers())) {
            spec = new Cluster.SwarmSpec(spec.name(), spec.labels(), spec.orchestration(), spec.raft(),
                    spec.dispatcher(), spec.caConfig(), new Cluster.EncryptionConfig(true), spec.taskDefaults());
        }
        int subnetSize = r.subnetSize() == null || r.subnetSize() == 0 ? DEFAULT_SUBNET_SIZE : r.subnetSize();
        List<String> pool = r.defaultAddrPool() == null || r.defaultAddrPool().isEmpty()
                ? List.of(DEFAULT_ADDR_POOL) : List.copyOf(r.defaultAddrPool());
        validateAddrPool(pool, subnetSize);
        int dataPathPort = dataPathPort(r.dataPathPort());
        NodeAvailability availability = availability(r.availability());
        HostPort advertise = HostPort.parse(advertiseAddr);

        RootCa ca = RootCa.generate(clock);
        String clusterId = Ids.newId();
        Node.TlsInfo tls = ca.tlsInfo();
        Cluster cluster = new Cluster(clusterId, Version.ZERO, null, null, spec, tls, false, pool, subnetSize,
                dataPathPort, JoinTokens.createPair(ca), ca.toApi());
        if (Boolean.TRUE.equals(spec.encryptionConfig().autoLockManagers())) {
            cluster = cluster.withUnlockKey(io.shoal.store.crypto.UnlockKey.generate().text());
        }

        Node.Description d = description == null
                ? new Node.Description(null, null, null, null, tls)
                : new Node.Description(description.hostname(), description.platform(), description.resources(),
                        description.engine(), tls);
        Node node = new Node(nodeId, Version.ZERO, null, null,
                new Node.NodeSpec(null, Map.of(), NodeRole.MANAGER, availability), d,
                new Node.NodeStatus(NodeState.READY, null, advertise.host()),
                new Node.ManagerStatus(true, Reachability.REACHABLE, advertise.withDefaultPort(DEFAULT_MANAGER_PORT)));

        NodeCertificate cert = ca.issueWithNewKey(nodeId, NodeRole.MANAGER, clusterId,
                Duration.ofNanos(spec.caConfig().nodeCertExpiry()));
        return new Bootstrap(cluster, node, cert, ca);
    }

    private static NodeAvailability availability(String s) {
        if (s == null || s.isEmpty()) {
            return NodeAvailability.ACTIVE;
        }
        try {
            return NodeAvailability.of(s);
        } catch (IllegalArgumentException e) {
            throw new ShoalException.InvalidArgument("invalid Availability: \"" + s + "\"");
        }
    }

    private static int dataPathPort(Integer port) {
        if (port == null || port == 0) {
            return DEFAULT_DATA_PATH_PORT;
        }
        if (port < 1024 || port > 49151) {
            throw new ShoalException.InvalidArgument(
                    "Datapath port number is not in valid range (1024-49151) : " + port);
        }
        return port;
    }

    private static void validateAddrPool(List<String> pool, int subnetSize) {
        if (subnetSize < 0 || subnetSize > MAX_SUBNET_SIZE) {
            throw new ShoalException.InvalidArgument("subnet size is out of range: " + subnetSize);
        }
        for (String cidr : pool) {
            int bits = prefixBits(cidr);
            if (subnetSize < bits) {
                throw new ShoalException.InvalidArgument("invalid CIDR: \"" + cidr
                        + "\". Subnet size is too small for pool: " + subnetSize);
            }
        }
    }

    private static int prefixBits(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash <= 0) {
            throw new ShoalException.InvalidArgument("invalid CIDR address: " + cidr);
        }
        String ip = cidr.substring(0, slash);
        if (!ip.matches("[0-9.]+")) {
            throw new ShoalException.InvalidArgument("invalid CIDR address: " + cidr);
        }
        try {
            InetAddress.getByName(ip); // an IPv4 literal: no lookup
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > 32 || ip.split("\\.").length != 4) {
                throw new NumberFormatException();
            }
            return bits;
        } catch (UnknownHostException | NumberFormatException e) {
            throw new ShoalException.InvalidArgument("invalid CIDR address: " + cidr);
        }
    }

    /** An address as host and optional port; IPv6 hosts in brackets when a port follows. */
    record HostPort(String host, Integer port) {
        static HostPort parse(String addr) {
            if (addr == null || addr.isBlank()) {
                throw new ShoalException.InvalidArgument("invalid empty address");
            }
            String a = addr.trim();
            if (a.startsWith("[")) {
                int close = a.indexOf(']');
                if (close < 0) {
                    throw new ShoalException.InvalidArgument("invalid address " + addr);
                }
                String host = a.substring(1, close);
                String rest = a.substring(close + 1);
                return new HostPort(host, rest.startsWith(":") ? port(rest.substring(1), addr) : null);
            }
            int colon = a.indexOf(':');
            if (colon >= 0 && colon == a.lastIndexOf(':')) {
                return new HostPort(a.substring(0, colon), port(a.substring(colon + 1), addr));
            }
            return new HostPort(a, null); // a bare host, or a bare IPv6 address
        }

        String withDefaultPort(int defaultPort) {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return h + ":" + (port == null ? defaultPort : port);
        }

        private static int port(String s, String addr) {
            try {
                int p = Integer.parseInt(s);
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                return p;
            } catch (NumberFormatException e) {
                throw new ShoalException.InvalidArgument("invalid port in address " + addr);
            }
        }
    }
}
