package io.shoal.rpc.tls;

import static java.util.Objects.requireNonNull;

import io.shoal.api.time.Clock;
import io.shoal.manager.ca.NodeCertificate;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How a node checks the manager it connects to: the manager's certificate must chain to the
 * cluster root (directly, or through an intermediate during a root rotation), valid now (by the injected clock), carry the {@code swarm-manager} OU and, once the
 * node knows its cluster, that cluster's ID. There is no host name check: managers are reached by
 * IP, and what matters is that the peer holds a manager certificate of this cluster.
 */
final class ManagerTrust extends X509ExtendedTrustManager {
    private final Supplier<List<X509Certificate>> anchors;
    private final Supplier<String> clusterId;
    private final Clock clock;

    /** @param clusterId the cluster the manager must belong to; a supplier of null skips that check (joining) */
    ManagerTrust(Supplier<List<X509Certificate>> anchors, Supplier<String> clusterId, Clock clock) {
        this.anchors = requireNonNull(anchors, "anchors is null");
        this.clusterId = requireNonNull(clusterId, "clusterId is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the manager presented no certificate");
        }
        X509Certificate leaf = chain[0];
        Optional<String> problem = PeerCertificates.problem(List.of(chain), anchors.get(), clock.instant());
        if (problem.isPresent()) {
            throw new CertificateException("manager certificate rejected: " + problem.get());
        }
        NodeSubject subject = NodeSubject.of(leaf);
        if (!NodeCertificate.MANAGER_OU.equals(subject.organizationalUnit())) {
            throw new CertificateException("manager certificate rejected: the peer is not a swarm manager (OU "
                    + subject.organizationalUnit() + ")");
        }
        String expected = clusterId.get();
        if (expected != null && !expected.equals(subject.clusterId())) {
            throw new CertificateException("manager certificate rejected: it belongs to cluster "
                    + subject.clusterId() + ", not " + expected);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager checks managers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager checks managers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks managers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.get().toArray(X509Certificate[]::new);
    }
}
