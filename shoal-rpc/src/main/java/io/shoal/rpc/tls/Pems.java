package io.shoal.rpc.tls;

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

/**
 * The PEM reading and writing this module needs to turn stored certificates and keys into JDK
 * objects for TLS (the manager's own helper is package-private there).
 */
public final class Pems {
    private Pems() {}

    public static X509Certificate certificate(String pem) {
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

    /**
     * Every certificate in a PEM bundle, in order (a node certificate followed by its
     * intermediates, or a set of roots). At least one; anything else in the text is an error.
     */
    public static java.util.List<X509Certificate> certificates(String pem) {
        return io.shoal.manager.ca.Pem.certificates(pem);
    }

    /** A key in PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") form. */
    public static PrivateKey privateKey(String pem) {
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

    public static String encode(X509Certificate cert) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
        return out.toString();
    }

    /** PKCS#8 PEM, the form CertificateFiles stores and Netty reads. */
    public static String encode(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a private key", e);
        }
        return out.toString();
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
