package io.shoal.manager.ca;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The cluster's root certificate authority: an ECDSA P-256 self-signed certificate with CN
 * {@code swarm-ca}, valid 20 years, that signs every node's certificate.
 * <p>
 * The certificate PEM is kept in one canonical form, because its SHA-256 ({@link #digest()}) is
 * what join tokens carry and what a joining node checks the manager against.
 */
public final class RootCa {
    public static final String ROOT_CN = "swarm-ca";
    /** SwarmKit's RootCAExpiration: 630720000 s. */
    public static final Duration ROOT_VALIDITY = Duration.ofSeconds(630_720_000L);
    public static final Duration DEFAULT_NODE_CERT_VALIDITY = Duration.ofHours(2160);
    /**
     * The CA's own floor. The API keeps Docker's 1 h minimum ({@code ClusterApi}); a manager may be
     * configured lower (tests of renewal), never below this: renewal happens at 50-80 % of the lifetime.
     */
    public static final Duration MIN_NODE_CERT_VALIDITY = Duration.ofMinutes(1);
    /** Certificates start an hour in the past so that a node whose clock lags can still use them. */
    public static final Duration BACKDATE = Duration.ofHours(1);

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate cert;
    private final String certPem;
    private final PrivateKey key;
    private final String keyPem;
    private final InstantSource clock;
    /** Sent along with every certificate this CA issues: the cross-signed new root during a rotation. */
    private final List<X509Certificate> intermediates;

    private RootCa(X509Certificate cert, PrivateKey key, InstantSource clock) {
        this(cert, key, List.of(), clock);
    }

    private RootCa(X509Certificate cert, PrivateKey key, List<X509Certificate> intermediates, InstantSource clock) {
        this.cert = cert;
        this.certPem = Pem.encode(cert);
        this.key = key;
        this.keyPem = key == null ? null : Pem.encode(key);
        this.intermediates = List.copyOf(intermediates);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new root CA, valid from an hour before {@code clock}'s now for 20 years. */
    public static RootCa generate(InstantSource clock) {
        KeyPair keys = CertificateRequests.newKeyPair();
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, ROOT_CN).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(ROOT_VALIDITY)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new RootCa(sign(b, keys.getPrivate()), keys.getPrivate(), clock);
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("cannot create the root CA", e);
        }
    }

    /**
     * A root CA read back from PEM. {@code keyPem} may be null: such a CA can verify and compute
     * the digest but not issue.
     */
    public static RootCa fromPem(String certPem, String keyPem, InstantSource clock) {
        X509Certificate cert = Pem.certificate(certPem);
        PrivateKey key = keyPem == null ? null : Pem.privateKey(keyPem);
        if (key != null && !matches(cert.getPublicKey(), key)) {
            throw new ShoalException.InvalidArgument("the root CA key does not match its certificate");
        }
        return new RootCa(cert, key, clock);
    }

    /** The root CA a cluster object holds. */
    public static RootCa fromCluster(Cluster cluster, InstantSource clock) {
        if (cluster.rootCa() == null || cluster.rootCa().caCert() == null) {
            throw new ShoalException.Internal("the cluster has no root CA", null);
        }
        return fromPem(cluster.rootCa().caCert(), cluster.rootCa().caKey(), clock);
    }

    /**
     * The CA that signs node certificates in {@code cluster}: its root, or while the root is being
     * rotated the new root's key, whose certificates carry the cross-signed intermediate (so nodes
     * that still trust only the old root accept them), as SwarmKit issues them.
     */
    public static RootCa signerOf(Cluster cluster, InstantSource clock) {
        Cluster.RootRotation rotation = cluster.rootCa() == null ? null : cluster.rootCa().rootRotation();
        if (rotation == null || rotation.caKey() == null) {
            return fromCluster(cluster, clock);
        }
        RootCa next = fromPem(rotation.caCert(), rotation.caKey(), clock);
        return new RootCa(next.cert, next.key, Pem.certificates(rotation.crossSignedCaCert()), clock);
    }

    /**
     * A CA certificate and key a user asks the cluster to rotate to ({@code swarm ca --rotate
     * --ca-cert --ca-key}), checked as SwarmKit checks them: one certificate, a CA, self-signed,
     * valid now and for at least a year more, and the key belongs to it. InvalidArgument otherwise.
     */
    public static RootCa validateNewRoot(String certPem, String keyPem, InstantSource clock) {
        List<X509Certificate> certs = Pem.certificates(certPem);
        if (certs.size() != 1) {
            throw new ShoalException.InvalidArgument("the desired CA certificate cannot contain multiple certificates");
        }
        X509Certificate c = certs.get(0);
        if (c.getBasicConstraints() < 0) {
            throw new ShoalException.InvalidArgument("the desired CA certificate is not a CA certificate");
        }
        try {
            c.verify(c.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ShoalException.InvalidArgument("the desired CA certificate is not self-signed: "
                    + "it must be a root CA certificate");
        }
        Instant now = clock.instant();
        if (now.isBefore(c.getNotBefore().toInstant()) || now.isAfter(c.getNotAfter().toInstant())) {
            throw new ShoalException.InvalidArgument("the desired CA certificate is not valid now");
        }
        if (c.getNotAfter().toInstant().isBefore(now.plus(Duration.ofDays(365)))) {
            throw new ShoalException.InvalidArgument("CA certificate expires too soon");
        }
        PrivateKey k = Pem.privateKey(keyPem);
        if (!matches(c.getPublicKey(), k)) {
            throw new ShoalException.InvalidArgument("certificate key mismatch: the signing CA key does not match "
                    + "the signing CA certificate");
        }
        return new RootCa(c, k, clock);
    }

    /**
     * The intermediate that carries trust from this (old) root to {@code newRoot}: the new root's
     * subject and public key, issued and signed by this root, a CA like it. A node that trusts only
     * this root then accepts certificates signed by the new key when they come with it.
     */
    public String crossSign(X509Certificate newRoot) {
        if (key == null) {
            throw new ShoalException.Unavailable("the current root CA has no key: it cannot cross-sign a new root");
        }
        Instant notAfter = newRoot.getNotAfter().toInstant();
        if (notAfter.isAfter(cert.getNotAfter().toInstant())) {
            notAfter = cert.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name issuer = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
            X500Name subject = X500Name.getInstance(newRoot.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(),
                    newRoot.getNotBefore(), Date.from(notAfter), subject, newRoot.getPublicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(newRoot.getPublicKey()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            return Pem.encode(sign(b, key));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot cross-sign the new root CA", e);
        }
    }

    /** The intermediates this CA sends along with what it issues (the cross-signed root during a rotation). */
    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    public String certPem() {
        return certPem;
    }

    /** The CA key in PKCS#8 PEM, or null for a verify-only CA. */
    public String keyPem() {
        return keyPem;
    }

    public X509Certificate certificate() {
        return cert;
    }

    /** SHA-256 of the certificate PEM, as 64 lowercase hex digits (what join tokens carry). */
    public String digest() {
        return digestOf(certPem);
    }

    public static String digestOf(String certPem) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certPem.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code GET /swarm} shows as TLSInfo: the root PEM and the issuer's subject and key (base64 DER). */
    public Node.TlsInfo tlsInfo() {
        return new Node.TlsInfo(certPem,
                Base64.getEncoder().encodeToString(cert.getSubjectX500Principal().getEncoded()),
                Base64.getEncoder().encodeToString(cert.getPublicKey().getEncoded()));
    }

    /** The form stored in the cluster object (with the key). */
    public Cluster.RootCa toApi() {
        return new Cluster.RootCa(certPem, keyPem);
    }

    /** Issues a certificate for the key in a CSR (the key stays on the node). */
    public NodeCertificate issue(PKCS10CertificationRequest csr, String nodeId, NodeRole role, String clusterId,
                                 Duration validity) {
        requireNonNull(csr, "csr is null");
        try {
            PublicKey pub = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            return issue(pub, nodeId, role, clusterId, validity, List.of());
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new ShoalException.InvalidArgument("invalid certificate signing request: " + e.getMessage());
        }
    }

    public NodeCertificate issue(PublicKey publicKey, String nodeId, NodeRole role, String clusterId,
                                 Duration validity) {
        return issue(publicKey, nodeId, role, clusterId, validity, List.of());
    }

    /**
     * Issues a node certificate. {@code extraSans} adds subject alternative names (an IP literal
     * becomes an IP SAN, anything else a DNS SAN), e.g. for a manager's TCP API endpoint.
     */
    public NodeCertificate issue(PublicKey publicKey, String nodeId, NodeRole role, String clusterId,
                                 Duration validity, List<String> extraSans) {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(role, "role is null");
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(validity, "validity is null");
        if (key == null) {
            throw new ShoalException.Unavailable("this manager holds no root CA key and cannot issue certificates");
        }
        if (validity.compareTo(MIN_NODE_CERT_VALIDITY) < 0) {
            throw new ShoalException.InvalidArgument("minimum certificate expiry time is: 1m0s");
        }
        Instant now = clock.instant();
        Instant notBefore = now.minus(BACKDATE);
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(cert.getNotAfter().toInstant())) {
            notAfter = cert.getNotAfter().toInstant(); // never outlive the root
        }
        String ou = NodeCertificate.organizationalUnit(role);
        // O, OU, CN in this order, so the subject reads "CN=<node>,OU=<role>,O=<cluster>" like SwarmKit's.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, clusterId).addRDN(BCStyle.OU, ou).addRDN(BCStyle.CN, nodeId).build();
        Set<String> sans = new LinkedHashSet<>(List.of(ou, nodeId));
        if (role == NodeRole.MANAGER) {
            sans.add(ROOT_CN); // managers also answer as the CA, as in SwarmKit
        }
        sans.addAll(extraSans);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name issuer = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, generalNames(sans))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            X509Certificate issued = sign(b, key);
            StringBuilder chain = new StringBuilder(Pem.encode(issued));
            intermediates.forEach(i -> chain.append(Pem.encode(i)));
            return NodeCertificate.of(issued, chain.toString(), null);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a node certificate", e);
        }
    }

    /** Makes a key pair for the node and issues its certificate; the result carries the key. */
    public NodeCertificate issueWithNewKey(String nodeId, NodeRole role, String clusterId, Duration validity) {
        KeyPair keys = CertificateRequests.newKeyPair();
        NodeCertificate c = issue(keys.getPublic(), nodeId, role, clusterId, validity);
        return new NodeCertificate(c.certPem(), Pem.encode(keys.getPrivate()), c.nodeId(), c.role(), c.clusterId(),
                c.notBefore(), c.notAfter());
    }

    /** True if {@code c} was signed by this root and is valid at {@code clock}'s now. */
    public boolean verify(X509Certificate c) {
        try {
            c.verify(cert.getPublicKey());
            c.checkValidity(Date.from(clock.instant()));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static GeneralNames generalNames(Set<String> sans) {
        List<GeneralName> names = new ArrayList<>();
        for (String s : sans) {
            names.add(isIpLiteral(s) ? new GeneralName(GeneralName.iPAddress, s) : new GeneralName(GeneralName.dNSName, s));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String s) {
        if (!s.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(s); // a literal: no lookup happens
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(algorithmFor(signer)).build(signer)));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static BigInteger serial() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new BigInteger(1, b).setBit(127); // positive, fixed length
    }

    /** A user's CA key may be RSA; Shoal's own are ECDSA P-256. */
    private static String algorithmFor(PrivateKey key) {
        return "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : SIGNATURE_ALGORITHM;
    }

    private static boolean matches(PublicKey pub, PrivateKey priv) {
        if (!pub.getAlgorithm().equals(priv.getAlgorithm())) {
            return false;
        }
        try {
            var sig = java.security.Signature.getInstance(algorithmFor(priv));
            byte[] probe = "shoal".getBytes(StandardCharsets.UTF_8);
            sig.initSign(priv);
            sig.update(probe);
            byte[] s = sig.sign();
            sig.initVerify(pub);
            sig.update(probe);
            return sig.verify(s);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
