package io.shoal.rpc.tls;

import static java.util.Objects.requireNonNull;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.shoal.api.time.Clock;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import org.slf4j.LoggerFactory;

/**
 * The TLS settings of the cluster port, in one place: TLS 1.3 only, HTTP/2 via ALPN, and the
 * reloadable key manager asked for the identity at every handshake. The engine is BoringSSL (which
 * gRPC's netty carries) where it loads: it encrypts each TLS record at a fraction of the JDK's cost,
 * which counts with a thousand agents' sessions; the JDK's engine otherwise.
 */
public final class TlsContexts {
    static final String PROTOCOL = "TLSv1.3";
    static final SslProvider PROVIDER = OpenSsl.isAvailable() && OpenSsl.supportsKeyManagerFactory()
            ? SslProvider.OPENSSL : SslProvider.JDK;

    static {
        LoggerFactory.getLogger(TlsContexts.class).debug("cluster TLS engine: {}{}", PROVIDER,
                OpenSsl.isAvailable() ? "" : " (BoringSSL did not load: " + OpenSsl.unavailabilityCause() + ")");
    }

    private TlsContexts() {}

    /**
     * A manager's server side: presents the manager's current certificate; asks for a client
     * certificate but does not require one (the CA's join calls are anonymous). Client
     * certificates are judged per call by the server's interceptor.
     */
    public static SslContext server(ReloadableIdentity identity) {
        requireNonNull(identity, "identity is null");
        return build(GrpcSslContexts.configure(SslContextBuilder.forServer(identity.keyManager()), PROVIDER)
                .clientAuth(ClientAuth.OPTIONAL)
                .trustManager(new AnyClientCertificate(() -> identity.current().root())));
    }

    /**
     * A node's client side with mutual TLS: presents the node's current certificate and accepts a
     * manager of the node's own cluster whose certificate is signed by the current root.
     */
    public static SslContext client(ReloadableIdentity identity, Clock clock) {
        requireNonNull(identity, "identity is null");
        return build(GrpcSslContexts.configure(SslContextBuilder.forClient(), PROVIDER)
                .keyManager(identity.keyManager())
                .trustManager(new ManagerTrust(() -> identity.current().trustAnchors(), () -> identity.current().clusterId(),
                        clock)));
    }

    /** A client without a certificate that accepts any manager signed by {@code root} (joining). */
    public static SslContext clientTrusting(X509Certificate root, Clock clock) {
        requireNonNull(root, "root is null");
        return build(GrpcSslContexts.configure(SslContextBuilder.forClient(), PROVIDER)
                .trustManager(new ManagerTrust(() -> java.util.List.of(root), () -> null, clock)));
    }

    /**
     * A client that trusts any server: only for fetching the root CA certificate before joining,
     * whose digest the node then checks against its join token.
     */
    public static SslContext clientTrustingAnyone() {
        return build(GrpcSslContexts.configure(SslContextBuilder.forClient(), PROVIDER)
                .trustManager(InsecureTrustManagerFactory.INSTANCE));
    }

    private static SslContext build(SslContextBuilder b) {
        try {
            return b.protocols(PROTOCOL).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
