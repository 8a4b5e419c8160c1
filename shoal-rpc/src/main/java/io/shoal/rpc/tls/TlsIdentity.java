package io.shoal.rpc.tls;

import static java.util.Objects.requireNonNull;

import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.NodeCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node presents and trusts on the cluster port: its certificate with the private key, and
 * the cluster's root CA certificate. Checked on construction: the key belongs to the certificate
 * and the certificate is signed by the root (validity in time is checked per connection, against
 * the clock).
 */
public final class TlsIdentity {
    private final NodeCertificate certificate;
    private final String rootCaPem;
    private final X509Certificate leaf;
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final List<X509Certificate> roots;
    private final List<X509Certificate> anchors;
    private final X509Certificate issuer;

    private TlsIdentity(NodeCertificate certificate, String rootCaPem) {
        this.certificate = requireNonNull(certificate, "certificate is null");
        this.rootCaPem = requireNonNull(rootCaPem, "rootCaPem is null");
        if (certificate.keyPem() == null) {
            throw new IllegalArgumentException("a TLS identity needs the certificate's private key");
        }
        this.chain = Pems.certificates(certificate.certPem());
        this.leaf = chain.get(0);
        this.key = Pems.privateKey(certificate.keyPem());
        this.roots = Pems.certificates(rootCaPem);
        if (!keyMatches(leaf, key)) {
            throw new ShoalException.InvalidArgument("the node key does not match the node certificate");
        }
        if (PeerCertificates.problem(chain, roots, null).isPresent()) {
            throw new ShoalException.InvalidArgument(
                    "the node certificate of " + certificate.nodeId() + " is not signed by the root CA");
        }
        // An intermediate of our own chain that a trusted root signed is as good as a root: during a
        // root rotation it is the new root cross-signed by the old one, so managers whose certificates
        // the new root issued (without the intermediate, once the rotation is over) are still accepted.
        List<X509Certificate> a = new ArrayList<>(roots);
        chain.subList(1, chain.size()).stream()
                .filter(i -> i.getBasicConstraints() >= 0 && PeerCertificates.signedByAny(i, roots))
                .forEach(a::add);
        this.anchors = List.copyOf(a);
        this.issuer = a.stream().filter(c -> PeerCertificates.signedBy(leaf, c)).reduce((x, y) -> y).orElse(roots.get(0));
    }

    /** @param certificate the node's certificate with its key ({@code keyPem} set) */
    public static TlsIdentity of(NodeCertificate certificate, String rootCaPem) {
        return new TlsIdentity(certificate, rootCaPem);
    }

    /** The identity stored by {@link CertificateFiles#write} in {@code dir}. */
    public static TlsIdentity fromDirectory(Path dir) {
        CertificateFiles.Stored s = CertificateFiles.read(dir)
                .orElseThrow(() -> new ShoalException.NotFound("no node certificate in " + dir));
        return new TlsIdentity(s.certificate(), s.rootCaPem());
    }

    public NodeCertificate certificate() {
        return certificate;
    }

    public String rootCaPem() {
        return rootCaPem;
    }

    public String nodeId() {
        return certificate.nodeId();
    }

    public NodeRole role() {
        return certificate.role();
    }

    public String clusterId() {
        return certificate.clusterId();
    }

    public X509Certificate leaf() {
        return leaf;
    }

    public PrivateKey privateKey() {
        return key;
    }

    /** The (first) trusted root CA certificate. */
    public X509Certificate root() {
        return roots.get(0);
    }

    /** Every root CA certificate this node trusts (one, outside of a change of roots). */
    public List<X509Certificate> roots() {
        return roots;
    }

    /** The node's certificate, then the intermediates it presents with it. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** What peers' certificates may chain to: the roots, and the intermediates of our chain they signed. */
    public List<X509Certificate> trustAnchors() {
        return anchors;
    }

    /** The certificate whose key signed ours: the root, or during a rotation the cross-signed new root. */
    public X509Certificate issuer() {
        return issuer;
    }

    @Override
    public String toString() {
        return "TlsIdentity[node " + nodeId() + ", " + role().wire() + ", valid until " + certificate.notAfter() + "]";
    }

    private static boolean keyMatches(X509Certificate cert, PrivateKey key) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        try {
            byte[] probe = "shoal".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
