package io.shoal.rpc.ca;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.ShoalException;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.manager.ca.CertificateRequests;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.manager.ca.RootCa;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA's side of {@code swarm join} and of certificate renewal, issued synchronously.
 * <p>
 * A join token buys a new node: the token's role (manager token first, then worker, compared in
 * constant time), a Node object with a new ID, that role and the requested availability, status
 * UNKNOWN until its agent opens a session, and a certificate for the CSR's public key (CN node
 * ID, OU role, O cluster ID) that lives as long as the cluster's {@code CAConfig.NodeCertExpiry}.
 * A renewal keeps the node ID and takes the role from the stored {@code Node.Spec.Role}, so a
 * promotion or demotion takes effect with the next certificate.
 */
public final class NodeEnrollment {
    private static final Logger log = LoggerFactory.getLogger(NodeEnrollment.class);
    /** The status message of a node that has its certificate but has not opened a session yet. */
    public static final String JOINING = "joining";

    private final MemoryStore store;
    private final Clock clock;
    private final Supplier<RootCa> rootCa;
    private final AtomicReference<Map.Entry<Cluster.RootCa, TrustStatus>> trust = new AtomicReference<>();

    /** @param rootCa the cluster's root CA with its key (see {@link #rootCaOf}) */
    public NodeEnrollment(MemoryStore store, Clock clock, Supplier<RootCa> rootCa) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.rootCa = requireNonNull(rootCa, "rootCa is null");
    }

    /**
     * The CA that signs in the cluster object in {@code store} (its root, or during a root rotation
     * the new root with the cross-signed intermediate), re-read only when it changes (the
     * parse checks the key against the certificate, which is not free). For managers, whose
     * replica of the store carries the CA key.
     */
    public static Supplier<RootCa> rootCaOf(MemoryStore store, Clock clock) {
        requireNonNull(store, "store is null");
        requireNonNull(clock, "clock is null");
        AtomicReference<Map.Entry<Cluster.RootCa, RootCa>> cache = new AtomicReference<>();
        return () -> {
            Cluster c = store.view(ReadTx::cluster)
                    .orElseThrow(() -> new ShoalException.Unavailable("This node is not part of a swarm"));
            Map.Entry<Cluster.RootCa, RootCa> cached = cache.get();
            if (cached != null && cached.getKey().equals(c.rootCa())) {
                return cached.getValue();
            }
            RootCa parsed = RootCa.signerOf(c, clock);
            cache.set(Map.entry(c.rootCa(), parsed));
            return parsed;
        };
    }

    /**
     * The cluster's root CA certificate, exactly as join tokens digest it (the old root while a
     * rotation is under way: the tokens name it until the rotation completes).
     */
    public String rootCaPem() {
        return store.view(ReadTx::cluster).map(Cluster::rootCa).map(Cluster.RootCa::caCert)
                .orElseGet(() -> rootCa.get().certPem());
    }

    /**
     * What a node should trust and which issuer its certificate should have now. Every node asks
     * every few seconds: the answer is kept until the cluster's root CA changes.
     */
    public TrustStatus trustStatus() {
        Cluster c = cluster();
        Map.Entry<Cluster.RootCa, TrustStatus> cached = trust.get();
        if (cached != null && cached.getKey().equals(c.rootCa())) {
            return cached.getValue();
        }
        TrustStatus t = TrustStatus.of(c, clock);
        trust.set(Map.entry(c.rootCa(), t));
        return t;
    }

    /**
     * Admits a new node. Fails with InvalidArgument "A valid join token is necessary to join this
     * cluster" (Docker's text) when the token is none of the cluster's current ones, and with
     * InvalidArgument on a bad CSR.
     */
    public NodeCertificate join(String token, String csrPem, NodeAvailability availability) {
        PKCS10CertificationRequest csr = CertificateRequests.parse(csrPem);
        Cluster cluster = cluster();
        NodeRole role = roleFor(cluster, token)
                .orElseThrow(() -> new ShoalException.InvalidArgument(JoinTokens.NOT_VALID_FOR_CLUSTER));
        String nodeId = Ids.newId();
        // Signed before the node is stored, so a signing failure leaves no node behind; the
        // certificate is useless until the node exists, since every call checks the store.
        NodeCertificate cert = rootCa.get().issue(csr, nodeId, role, cluster.id(), validity(cluster));
        store.write(tx -> {
            // The token may have been rotated away since it was checked.
            Cluster now = tx.cluster().orElseThrow(() -> new ShoalException.Unavailable("This node is not part of a swarm"));
            if (roleFor(now, token).orElse(null) != role) {
                throw new ShoalException.InvalidArgument(JoinTokens.NOT_VALID_FOR_CLUSTER);
            }
            tx.create(Table.NODES, new Node(nodeId, Version.ZERO, null, null,
                    new Node.NodeSpec(null, Map.of(), role, availability == null ? NodeAvailability.ACTIVE : availability),
                    null, new Node.NodeStatus(NodeState.UNKNOWN, JOINING, null), null));
        });
        log.info("node {} joined as {}", nodeId, role.wire());
        return cert;
    }

    /**
     * A fresh certificate for an existing node, for the role its spec holds now. Fails with
     * PermissionDenied if the node was removed from the swarm.
     */
    public NodeCertificate renew(String nodeId, String csrPem) {
        requireNonNull(nodeId, "nodeId is null");
        PKCS10CertificationRequest csr = CertificateRequests.parse(csrPem);
        record Current(Cluster cluster, Node node) {}
        Current cur = store.view(tx -> new Current(
                tx.cluster().orElseThrow(() -> new ShoalException.Unavailable("This node is not part of a swarm")),
                tx.get(Table.NODES, nodeId).orElseThrow(() -> new ShoalException.PermissionDenied(removed(nodeId)))));
        NodeRole role = cur.node().spec() == null || cur.node().spec().role() == null
                ? NodeRole.WORKER : cur.node().spec().role();
        NodeCertificate cert = rootCa.get().issue(csr, nodeId, role, cur.cluster().id(), validity(cur.cluster()));
        log.debug("renewed the certificate of node {} ({}) until {}", nodeId, role.wire(), cert.notAfter());
        return cert;
    }

    /** The role the node's spec asks for now; PermissionDenied if the node was removed. */
    public NodeRole desiredRole(String nodeId) {
        requireNonNull(nodeId, "nodeId is null");
        Node n = store.view(tx -> tx.get(Table.NODES, nodeId))
                .orElseThrow(() -> new ShoalException.PermissionDenied(removed(nodeId)));
        return n.spec() == null || n.spec().role() == null ? NodeRole.WORKER : n.spec().role();
    }

    /** Docker's wording for a node that is gone. */
    public static String removed(String nodeId) {
        return "node " + nodeId + " was removed from the swarm";
    }

    private static Optional<NodeRole> roleFor(Cluster cluster, String token) {
        return token == null || token.isBlank() ? Optional.empty() : JoinTokens.roleFor(cluster.joinTokens(), token);
    }

    private Cluster cluster() {
        return store.view(ReadTx::cluster)
                .orElseThrow(() -> new ShoalException.Unavailable("This node is not part of a swarm"));
    }

    private static Duration validity(Cluster c) {
        Long expiry = c.spec() == null || c.spec().caConfig() == null ? null : c.spec().caConfig().nodeCertExpiry();
        return expiry == null || expiry <= 0 ? RootCa.DEFAULT_NODE_CERT_VALIDITY : Duration.ofNanos(expiry);
    }
}
