package io.shoal.manager.ca;

import io.shoal.api.ShoalException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * What a joining or renewing node does before asking for a certificate: make an ECDSA P-256 key
 * and a CSR for it. The CA takes only the public key from the CSR; the subject it writes itself.
 */
public final class CertificateRequests {
    private CertificateRequests() {}

    /** A fresh ECDSA P-256 key pair, the key type SwarmKit uses. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is not available in this JDK", e);
        }
    }

    /** A PEM CSR signed by {@code keys}; the subject is left empty, as SwarmKit's nodes do. */
    public static String csrPem(KeyPair keys) {
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name(new RDN[0]), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return Pem.encode(csr);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a CSR", e);
        }
    }

    /** Parses a PEM CSR and checks that it is signed by the key it carries. */
    public static PKCS10CertificationRequest parse(String csrPem) {
        PKCS10CertificationRequest csr = Pem.csr(csrPem);
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(verifier)) {
                throw new ShoalException.InvalidArgument("invalid certificate signing request: bad signature");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new ShoalException.InvalidArgument("invalid certificate signing request: " + e.getMessage());
        }
        return csr;
    }
}
