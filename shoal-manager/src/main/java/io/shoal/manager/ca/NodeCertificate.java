package io.shoal.manager.ca;

import static java.util.Objects.requireNonNull;

import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A node's TLS certificate: CN = node ID, OU = {@code swarm-manager} or {@code swarm-worker},
 * O = cluster ID, as SwarmKit issues them. {@code keyPem} is the node's private key (PKCS#8 PEM),
 * or null when the certificate was issued for a CSR and the key never left the node.
 * {@code certPem} may go on with intermediates after the node's certificate: during a root rotation
 * the new key's certificate cross-signed by the old root, so nodes that trust only the old root
 * accept it.
 */
public record NodeCertificate(
        String certPem,
        String keyPem,
        String nodeId,
        NodeRole role,
        String clusterId,
        Instant notBefore,
        Instant notAfter) {

    public static final String MANAGER_OU = "swarm-manager";
    public static final String WORKER_OU = "swarm-worker";

    public NodeCertificate {
        requireNonNull(certPem, "certPem is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(role, "role is null");
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(notAfter, "notAfter is null");
    }

    /** Reads a certificate (and optionally its key) and the identity it carries. */
    public static NodeCertificate fromPem(String certPem, String keyPem) {
        List<X509Certificate> chain = Pem.certificates(certPem);
        if (keyPem != null) {
            Pem.privateKey(keyPem); // fail early on a corrupt key
        }
        StringBuilder canonical = new StringBuilder();
        chain.forEach(c -> canonical.append(Pem.encode(c)));
        return of(chain.get(0), canonical.toString(), keyPem);
    }

    static NodeCertificate of(X509Certificate cert, String certPem, String keyPem) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        String cn = attribute(subject, BCStyle.CN);
        String ou = attribute(subject, BCStyle.OU);
        if (cn == null || ou == null) {
            throw new ShoalException.InvalidArgument("invalid node certificate: subject " + subject + " lacks CN or OU");
        }
        return new NodeCertificate(certPem, keyPem, cn, roleOf(ou), attribute(subject, BCStyle.O),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
    }

    /** The certificate as a JDK object, for key stores and TLS contexts. */
    public X509Certificate certificate() {
        return Pem.certificate(certPem);
    }

    /** The node's certificate followed by the intermediates it was issued with (none outside a rotation). */
    public List<X509Certificate> chain() {
        return Pem.certificates(certPem);
    }

    /** The same certificate without its private key (what is safe to share). */
    public NodeCertificate withoutKey() {
        return new NodeCertificate(certPem, null, nodeId, role, clusterId, notBefore, notAfter);
    }

    /**
     * When to renew: a random point between 50 % and 80 % of the lifetime, as SwarmKit does, so that
     * nodes issued at the same time do not all come back at once. The lifetime counts from when the
     * certificate was issued, not from its backdated start ({@link RootCa#BACKDATE}): a certificate of
     * a few minutes would otherwise be due for renewal the moment it arrives.
     */
    public Instant renewalTime(RandomGenerator random) {
        Instant issued = notBefore.plus(RootCa.BACKDATE);
        Instant from = issued.isBefore(notAfter) ? issued : notBefore;
        long lifetime = Duration.between(from, notAfter).toMillis();
        long offset = (long) (lifetime * (0.5 + 0.3 * random.nextDouble()));
        return from.plusMillis(offset);
    }

    public static String organizationalUnit(NodeRole role) {
        return role == NodeRole.MANAGER ? MANAGER_OU : WORKER_OU;
    }

    public static NodeRole roleOf(String ou) {
        return switch (ou) {
            case MANAGER_OU -> NodeRole.MANAGER;
            case WORKER_OU -> NodeRole.WORKER;
            default -> throw new ShoalException.InvalidArgument("invalid node certificate: unknown OU " + ou);
        };
    }

    private static String attribute(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
