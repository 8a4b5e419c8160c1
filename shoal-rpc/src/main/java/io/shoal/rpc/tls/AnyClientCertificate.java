package io.shoal.rpc.tls;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The cluster port's TLS layer accepts any client certificate (the handshake still proves the
 * client holds its key) and no certificate at all. Whether a certificate is good enough is decided
 * per call by the server's authorization interceptor, which can then answer with a gRPC status
 * that says what is wrong (expired, another CA, removed node) instead of a bare handshake failure;
 * and a node with a stale certificate can still reach the anonymous CA calls.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    private final Supplier<X509Certificate> root;

    AnyClientCertificate(Supplier<X509Certificate> root) {
        this.root = requireNonNull(root, "root is null");
    }

    private static void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty client certificate chain");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    /** The cluster root, so that clients see which CA is asked for. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {root.get()};
    }
}
