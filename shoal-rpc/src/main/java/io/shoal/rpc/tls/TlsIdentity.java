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
    private final X509Certificate root;

    private TlsIdentity(NodeCertificate certificate, String rootCaPem) {
        this.certificate = requireNonNull(certificate, "certificate is null");
        this.rootCaPem = requireNonNull(rootCaPem, "rootCaPem is null");
        if (certificate.keyPem() == null) {
            throw new IllegalArgumentException("a TLS identity needs the certificate's private key");
        }
        this.leaf = certificate.certificate();
        this.key = Pems.privateKey(certificate.keyPem());
        this.root = Pems.certificate(rootCaPem);
        if (!keyMatches(leaf, key)) {
            throw new ShoalException.InvalidArgument("the node key does not match the node certificate");
        }
        try {
            leaf.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ShoalException.InvalidArgument(
                    "the node certificate of " + certificate.nodeId() + " is not signed by the root CA");
        }
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

    public X509Certificate root() {
        return root;
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
