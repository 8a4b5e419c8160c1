package io.shoal.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class RootCaTest {
    // The JDK's trust manager checks validity against the real time, so start the fake clock there.
    private final FakeClock clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final RootCa ca = RootCa.generate(clock);

    private static X509Certificate parse(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static X509TrustManager trusting(X509Certificate root) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("swarm-ca", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @Test
    void theRootIsASelfSignedEcdsaCaNamedSwarmCaForTwentyYears() throws Exception {
        X509Certificate root = parse(ca.certPem());
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=swarm-ca");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        root.verify(root.getPublicKey());
        assertThat(root.getNotBefore().toInstant()).isEqualTo(clock.instant().minus(Duration.ofHours(1)));
        assertThat(root.getNotAfter().toInstant()).isEqualTo(clock.instant().plusSeconds(630_720_000L));
        assertThat(ca.digest()).hasSize(64).isEqualTo(RootCa.digestOf(ca.certPem()));
    }

    @Test
    void aCertificateForACsrCarriesTheNodesIdentityAndChainsToTheRoot() throws Exception {
        KeyPair keys = CertificateRequests.newKeyPair();
        String csr = CertificateRequests.csrPem(keys);
        NodeCertificate issued = ca.issue(CertificateRequests.parse(csr), "node1", NodeRole.WORKER, "cluster1",
                RootCa.DEFAULT_NODE_CERT_VALIDITY);

        assertThat(issued.keyPem()).isNull();
        assertThat(issued.nodeId()).isEqualTo("node1");
        assertThat(issued.role()).isEqualTo(NodeRole.WORKER);
        assertThat(issued.clusterId()).isEqualTo("cluster1");
        X509Certificate cert = parse(issued.certPem());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node1,OU=swarm-worker,O=cluster1");
        assertThat(cert.getIssuerX500Principal().getName()).isEqualTo("CN=swarm-ca");
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(clock.instant().minus(Duration.ofHours(1)));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(sans(cert)).containsExactly("swarm-worker", "node1");

        // the JDK's own PKIX validation accepts it for both ends of a mutual TLS connection
        X509TrustManager tm = trusting(parse(ca.certPem()));
        assertThatCode(() -> tm.checkClientTrusted(new X509Certificate[] {cert}, "EC")).doesNotThrowAnyException();
        assertThatCode(() -> tm.checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA")).doesNotThrowAnyException();
        assertThat(ca.verify(cert)).isTrue();
    }

    @Test
    void aManagerCertificateAlsoNamesTheCaAndExtraSans() throws Exception {
        NodeCertificate issued = ca.issue(CertificateRequests.newKeyPair().getPublic(), "m1", NodeRole.MANAGER, "c1",
                Duration.ofHours(2), List.of("127.0.0.1", "manager.local"));
        X509Certificate cert = parse(issued.certPem());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=m1,OU=swarm-manager,O=c1");
        assertThat(sans(cert)).containsExactly("swarm-manager", "m1", "swarm-ca", "127.0.0.1", "manager.local");
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    }

    @Test
    void aCertificateFromAnotherCaIsNotTrusted() throws Exception {
        RootCa other = RootCa.generate(clock);
        NodeCertificate foreign = other.issueWithNewKey("n", NodeRole.WORKER, "c", Duration.ofHours(1));
        X509TrustManager tm = trusting(parse(ca.certPem()));
        assertThatThrownBy(() -> tm.checkClientTrusted(new X509Certificate[] {parse(foreign.certPem())}, "EC"))
                .isInstanceOf(CertificateException.class);
        assertThat(ca.verify(parse(foreign.certPem()))).isFalse();
    }

    @Test
    void anExpiredCertificateNoLongerVerifies() throws Exception {
        NodeCertificate c = ca.issueWithNewKey("n", NodeRole.WORKER, "c", Duration.ofHours(1));
        assertThat(ca.verify(parse(c.certPem()))).isTrue();
        clock.advance(Duration.ofHours(2));
        assertThat(ca.verify(parse(c.certPem()))).isFalse();
    }

    @Test
    void aNewKeyCertificateCarriesAMatchingPkcs8Key() throws Exception {
        NodeCertificate c = ca.issueWithNewKey("n1", NodeRole.MANAGER, "c1", Duration.ofDays(1));
        assertThat(c.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(Pem.privateKey(c.keyPem()));
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(parse(c.certPem()).getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
        assertThat(NodeCertificate.fromPem(c.certPem(), c.keyPem())).isEqualTo(c);
    }

    @Test
    void theCaReadsBackFromPemWithTheSameDigest() {
        RootCa again = RootCa.fromPem(ca.certPem(), ca.keyPem(), clock);
        assertThat(again.digest()).isEqualTo(ca.digest());
        assertThat(again.keyPem()).isEqualTo(ca.keyPem());
        // whitespace differences do not change the digest: the PEM is re-encoded canonically
        RootCa reformatted = RootCa.fromPem(ca.certPem().replace("\n", "\r\n") + "\n\n", null, clock);
        assertThat(reformatted.digest()).isEqualTo(ca.digest());
        assertThatThrownBy(() -> reformatted.issueWithNewKey("n", NodeRole.WORKER, "c", Duration.ofHours(1)))
                .isInstanceOf(ShoalException.Unavailable.class);
        RootCa other = RootCa.generate(clock);
        assertThatThrownBy(() -> RootCa.fromPem(ca.certPem(), other.keyPem(), clock))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("the root CA key does not match its certificate");
        assertThat(ca.tlsInfo().trustRoot()).isEqualTo(ca.certPem());
        assertThat(Base64.getDecoder().decode(ca.tlsInfo().certIssuerPublicKey()))
                .isEqualTo(ca.certificate().getPublicKey().getEncoded());
    }

    @Test
    void badRequestsAreRefused() {
        KeyPair keys = CertificateRequests.newKeyPair();
        assertThatThrownBy(() -> ca.issue(keys.getPublic(), "n", NodeRole.WORKER, "c", Duration.ofSeconds(59)))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("minimum certificate expiry time is: 1m0s");
        assertThat(ca.issue(keys.getPublic(), "n", NodeRole.WORKER, "c", Duration.ofMinutes(2)).notAfter())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String csr = CertificateRequests.csrPem(keys);
        // a CSR whose signature does not match its key
        String forged = CertificateRequests.csrPem(CertificateRequests.newKeyPair());
        assertThatThrownBy(() -> CertificateRequests.parse(tamper(forged)))
                .isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> CertificateRequests.parse("not a pem"))
                .isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> CertificateRequests.parse(ca.certPem()))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageContaining("does not hold a CSR");
        assertThat(CertificateRequests.parse(csr)).isNotNull();
    }

    @Test
    void certificatesNeverOutliveTheRoot() {
        NodeCertificate c = ca.issueWithNewKey("n", NodeRole.WORKER, "c", Duration.ofDays(365 * 30));
        assertThat(c.notAfter()).isEqualTo(ca.certificate().getNotAfter().toInstant());
    }

    @Test
    void renewalFallsBetweenHalfAndFourFifthsOfTheLifetimeCountedFromIssuance() {
        var random = new java.util.SplittableRandom(42);
        for (Duration validity : List.of(Duration.ofDays(90), Duration.ofMinutes(2))) {
            NodeCertificate c = ca.issueWithNewKey("n", NodeRole.WORKER, "c", validity);
            Instant issued = clock.instant();
            long life = validity.toMillis();
            for (int i = 0; i < 100; i++) {
                Instant at = c.renewalTime(random);
                assertThat(Duration.between(issued, at).toMillis()).as("%s", validity).isBetween(life / 2, life * 8 / 10);
            }
        }
    }

    /** Flips one byte inside the CSR's signature, keeping the PEM well-formed. */
    private static String tamper(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        der[der.length - 5] ^= 0x01;
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    private static List<String> sans(X509Certificate cert) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            out.add((String) san.get(1));
        }
        return out;
    }
    @Test
    void duringARotationTheNewKeyIssuesWithTheCrossSignedIntermediateInTheChain() throws Exception {
        io.shoal.api.time.FakeClock fake = new io.shoal.api.time.FakeClock();
        RootCa old = RootCa.generate(fake);
        io.shoal.api.Cluster.RootCa rotating = RootRotations.apply(new io.shoal.api.Cluster.RootCa(old.certPem(),
                old.keyPem()), new io.shoal.api.Cluster.CaConfig(null, null, null, null, 1L), fake);
        io.shoal.api.Cluster cluster = new io.shoal.api.Cluster("c1", io.shoal.api.Version.ZERO, null, null, null,
                old.tlsInfo(), true, null, null, null, null, rotating);

        RootCa signer = RootCa.signerOf(cluster, fake);
        NodeCertificate issued = signer.issueWithNewKey("n1", NodeRole.WORKER, "c1", java.time.Duration.ofHours(1));

        java.util.List<java.security.cert.X509Certificate> chain = issued.chain();
        assertThat(chain).hasSize(2);
        java.security.cert.X509Certificate newRoot = RootCa.fromPem(rotating.rootRotation().caCert(), null, fake)
                .certificate();
        chain.get(0).verify(newRoot.getPublicKey()); // straight from the new root...
        chain.get(0).verify(chain.get(1).getPublicKey()); // ...or through the intermediate...
        chain.get(1).verify(old.certificate().getPublicKey()); // ...which the old root signed
        assertThat(chain.get(1).getSubjectX500Principal()).isEqualTo(newRoot.getSubjectX500Principal());
        assertThat(chain.get(1).getIssuerX500Principal()).isEqualTo(old.certificate().getSubjectX500Principal());
        assertThat(old.verify(chain.get(0))).as("not signed by the old key itself").isFalse();
        // the chain survives a trip through PEM (what CertificateFiles stores)
        assertThat(NodeCertificate.fromPem(issued.certPem(), issued.keyPem()).chain()).isEqualTo(chain);
        // outside a rotation: no intermediate
        assertThat(RootCa.signerOf(cluster.withRootCa(new io.shoal.api.Cluster.RootCa(old.certPem(), old.keyPem()),
                old.tlsInfo()), fake).issueWithNewKey("n1", NodeRole.WORKER, "c1", java.time.Duration.ofHours(1))
                .chain()).hasSize(1);
    }
    @Test
    void aUsersRsaRootIsAcceptedAndSignsWithRsa() throws Exception {
        io.shoal.api.time.FakeClock fake = new io.shoal.api.time.FakeClock();
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair rsa = gen.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=corp-ca");
        java.time.Instant now = fake.instant();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plus(java.time.Duration.ofDays(3650))),
                name, rsa.getPublic())
                .addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                        new org.bouncycastle.asn1.x509.BasicConstraints(true));
        java.security.cert.X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                        "SHA256withRSA").build(rsa.getPrivate())));

        RootCa corp = RootCa.validateNewRoot(Pem.encode(cert), Pem.encode(rsa.getPrivate()), fake);
        NodeCertificate issued = corp.issueWithNewKey("n1", NodeRole.MANAGER, "c1", java.time.Duration.ofHours(1));
        issued.certificate().verify(rsa.getPublic());
        assertThat(issued.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        // and it can cross-sign an ECDSA root, or be cross-signed by one
        RootCa ours = RootCa.generate(fake);
        RootCa.fromPem(ours.crossSign(cert), null, fake).certificate().verify(ours.certificate().getPublicKey());
        assertThatThrownBy(() -> RootCa.validateNewRoot(Pem.encode(cert), ours.keyPem(), fake))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageContaining("certificate key mismatch");
    }
}
