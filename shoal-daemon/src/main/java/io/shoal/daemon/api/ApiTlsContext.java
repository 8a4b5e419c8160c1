package io.shoal.daemon.api;

import io.shoal.daemon.config.ApiTls;
import io.shoal.rpc.tls.Pems;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Builds the API's TLS server side from PEM files: TLS 1.2+, a client certificate signed by the CA required. */
final class ApiTlsContext {
    private static final char[] NO_PASSWORD = "shoal".toCharArray();

    private ApiTlsContext() {}

    static SslContextFactory.Server server(ApiTls tls) {
        try {
            List<Certificate> chain = certificates(tls.cert());
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in --tlscert " + tls.cert());
            }
            PrivateKey key = Pems.privateKey(Files.readString(tls.key()));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<Certificate> cas = certificates(tls.caCert());
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("no certificate in --tlscacert " + tls.caCert());
            }
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            SslContextFactory.Server f = new SslContextFactory.Server();
            f.setKeyStore(keys);
            f.setKeyStorePassword(new String(NO_PASSWORD));
            f.setKeyManagerPassword(new String(NO_PASSWORD));
            f.setTrustStore(trust);
            f.setNeedClientAuth(true);
            f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            // the docker CLI connects by IP; clients check the server's name themselves
            f.setEndpointIdentificationAlgorithm(null);
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the API's TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("invalid TLS files for the API: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(pem);
        Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        return List.copyOf(all);
    }
}
