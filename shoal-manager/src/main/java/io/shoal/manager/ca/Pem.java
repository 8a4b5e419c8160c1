package io.shoal.manager.ca;

import io.shoal.api.ShoalException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/** PEM encoding and decoding of certificates, keys and CSRs, always in one canonical text form. */
public final class Pem {
    private Pem() {}

    static String encode(X509Certificate cert) {
        return write(cert);
    }

    /** PKCS#8 ("PRIVATE KEY"), the form the JDK and Netty read directly. */
    static String encode(PrivateKey key) {
        try {
            PemObjectGenerator gen = new JcaPKCS8Generator(key, null);
            return write(gen.generate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode private key", e);
        }
    }

    static String encode(PKCS10CertificationRequest csr) {
        return write(csr);
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM", e);
        }
        return out.toString();
    }

    static X509Certificate certificate(String pem) {
        Object o = read(pem, "certificate");
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new ShoalException.InvalidArgument("invalid certificate: PEM does not hold a certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new ShoalException.InvalidArgument("invalid certificate: " + e.getMessage());
        }
    }

    /** Reads a key in PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") form. */
    /**
     * Every certificate in a PEM bundle, in order (a node certificate followed by its
     * intermediates, or a set of roots). At least one; anything else in the text is an error.
     */
    public static java.util.List<X509Certificate> certificates(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new ShoalException.InvalidArgument("invalid certificate: empty PEM");
        }
        java.util.List<X509Certificate> out = new java.util.ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw new ShoalException.InvalidArgument("invalid certificate: PEM holds something else than certificates");
                }
                out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (IOException | CertificateException e) {
            throw new ShoalException.InvalidArgument("invalid certificate: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new ShoalException.InvalidArgument("invalid certificate: no PEM block found");
        }
        return java.util.List.copyOf(out);
    }

    static PrivateKey privateKey(String pem) {
        Object o = read(pem, "private key");
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new ShoalException.InvalidArgument("invalid private key: " + e.getMessage());
        }
        throw new ShoalException.InvalidArgument("invalid private key: PEM does not hold a private key");
    }

    static PKCS10CertificationRequest csr(String pem) {
        Object o = read(pem, "certificate signing request");
        if (o instanceof PKCS10CertificationRequest csr) {
            return csr;
        }
        throw new ShoalException.InvalidArgument("invalid certificate signing request: PEM does not hold a CSR");
    }

    private static Object read(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new ShoalException.InvalidArgument("invalid " + what + ": empty PEM");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new ShoalException.InvalidArgument("invalid " + what + ": no PEM block found");
            }
            return o;
        } catch (IOException e) {
            throw new ShoalException.InvalidArgument("invalid " + what + ": " + e.getMessage());
        }
    }
}
