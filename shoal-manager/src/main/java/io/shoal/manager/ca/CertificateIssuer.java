package io.shoal.manager.ca;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The manager's side of {@code swarm join} and of certificate renewal (SwarmKit's
 * IssueNodeCertificate): a join token buys a new node ID, a Node object with the token's role and
 * a certificate for the caller's CSR; a node that already has an identity gets a fresh certificate
 * for the role its spec holds now (so a promotion or demotion takes effect at the next renewal).
 * Certificates live as long as the cluster spec's {@code CAConfig.NodeCertExpiry} says.
 */
public final class CertificateIssuer {
    private final MemoryStore store;
    private final Clock clock;

    public CertificateIssuer(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The root CA certificate a joining node downloads and checks against its token's digest. */
    public String rootCaPem() {
        return cluster(null).rootCa().caCert();
    }

    /**
     * Admits a new node: checks the token against the cluster's (manager first, then worker),
     * stores a Node with a new ID, the token's role and {@code availability} (active if null),
     * and issues its certificate. The node becomes READY once its agent opens a session.
     */
    public NodeCertificate join(String token, String csrPem, NodeAvailability availability) {
        JoinTokens.parse(token); // a malformed token is "invalid join token"
        PKCS10CertificationRequest csr = CertificateRequests.parse(csrPem);
        String nodeId = Ids.newId();
        record Issued(Cluster cluster, NodeRole role) {}
        Issued issued = store.update(tx -> {
            Cluster c = cluster(tx);
            NodeRole role = JoinTokens.roleFor(c.joinTokens(), token)
                    .orElseThrow(() -> new ShoalException.InvalidArgument(JoinTokens.NOT_VALID_FOR_CLUSTER));
            tx.create(Table.NODES, new Node(nodeId, Version.ZERO, null, null,
                    new Node.NodeSpec(null, Map.of(), role, availability == null ? NodeAvailability.ACTIVE : availability),
                    null, null, null));
            return new Issued(c, role);
        });
        return RootCa.signerOf(issued.cluster(), clock)
                .issue(csr, nodeId, issued.role(), issued.cluster().id(), validity(issued.cluster()));
    }

    /** A new certificate for an existing node (renewal, or a role change), for the role in its spec. */
    public NodeCertificate renew(String nodeId, String csrPem) {
        PKCS10CertificationRequest csr = CertificateRequests.parse(csrPem);
        record Current(Cluster cluster, Node node) {}
        Current cur = store.view(tx -> new Current(cluster(tx), tx.get(Table.NODES, nodeId)
                .orElseThrow(() -> new ShoalException.NotFound("node " + nodeId + " not found"))));
        NodeRole role = cur.node().spec() == null || cur.node().spec().role() == null
                ? NodeRole.WORKER : cur.node().spec().role();
        return RootCa.signerOf(cur.cluster(), clock).issue(csr, nodeId, role, cur.cluster().id(), validity(cur.cluster()));
    }

    private static Duration validity(Cluster c) {
        Long expiry = c.spec() == null || c.spec().caConfig() == null ? null : c.spec().caConfig().nodeCertExpiry();
        return expiry == null || expiry == 0 ? RootCa.DEFAULT_NODE_CERT_VALIDITY : Duration.ofNanos(expiry);
    }

    private Cluster cluster(ReadTx tx) {
        return (tx == null ? store.view(ReadTx::cluster) : tx.cluster())
                .orElseThrow(() -> new ShoalException.Unavailable("This node is not part of a swarm"));
    }
}
