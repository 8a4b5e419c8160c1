package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.shoal.api.Cluster;
import io.shoal.api.NodeRole;
import io.shoal.api.time.Clock;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.rpc.ca.NodeEnrollment;
import io.shoal.rpc.tls.NodeSubject;
import io.shoal.rpc.tls.PeerCertificates;
import io.shoal.rpc.tls.Pems;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Per-call authorization on the cluster port. The node's identity is the CN of its client
 * certificate, which must chain to the cluster root (or, during a root rotation, to either root), valid at the clock's now, issued for this
 * cluster (O), carry a role (OU) the call allows, and name a node that is still in the store and
 * not on the cluster's certificate blacklist.
 * Anonymous calls (the CA's join calls) pass without a certificate; a certificate that fails a
 * check then only makes the caller anonymous, and the reason travels along for the CA to report.
 */
final class Authorizer implements ServerInterceptor {
    static final String NO_CERTIFICATE = "no client certificate in request: this call needs a swarm node certificate";

    private final Map<String, Access> access;
    private final ReloadableIdentity identity;
    private final MemoryStore store;
    private final Clock clock;
    private final AtomicReference<Map.Entry<Cluster.RootCa, List<X509Certificate>>> roots = new AtomicReference<>();

    /** @param access by full method name; methods not listed are manager-only */
    Authorizer(Map<String, Access> access, ReloadableIdentity identity, MemoryStore store, Clock clock) {
        this.access = Map.copyOf(access);
        this.identity = requireNonNull(identity, "identity is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Access required = access.getOrDefault(call.getMethodDescriptor().getFullMethodName(), Access.MANAGER);
        String remote = remoteHost(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        Verdict v = verify(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        Caller caller;
        if (v.problem == null) {
            if (required != Access.ANONYMOUS && !required.roles.contains(v.role)) {
                return refuse(call, Status.PERMISSION_DENIED, "unauthorized peer role: "
                        + NodeCertificate.organizationalUnit(v.role) + ", expecting: " + required.roles.stream()
                        .map(NodeCertificate::organizationalUnit).sorted().collect(Collectors.joining(", ", "[", "]")));
            }
            caller = new Caller(v.nodeId, v.role, remote, null);
        } else if (required == Access.ANONYMOUS) {
            caller = new Caller(null, null, remote, v.certificatePresented ? v.problem.getDescription() : null);
        } else {
            return refuse(call, v.problem.getCode(), v.problem.getDescription());
        }
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller), call, headers, next);
    }

    /** The outcome of checking a peer: an identity, or a status saying why there is none. */
    private record Verdict(String nodeId, NodeRole role, Status problem, boolean certificatePresented) {
        static Verdict refused(Status problem, boolean presented) {
            return new Verdict(null, null, problem, presented);
        }
    }

    /**
     * The roots a node's certificate may chain to: the cluster's root, and while it is being
     * rotated the new one as well (from this manager's replica, so every manager switches as the
     * rotation commits); this manager's own before its replica holds the cluster.
     */
    private List<X509Certificate> trustedRoots() {
        Cluster.RootCa ca = store.view(tx -> tx.cluster().map(Cluster::rootCa).orElse(null));
        if (ca == null || ca.caCert() == null) {
            return identity.current().roots();
        }
        Map.Entry<Cluster.RootCa, List<X509Certificate>> cached = roots.get();
        if (cached != null && cached.getKey().equals(ca)) {
            return cached.getValue();
        }
        List<X509Certificate> parsed = new ArrayList<>(Pems.certificates(ca.caCert()));
        if (ca.rootRotation() != null) {
            parsed.addAll(Pems.certificates(ca.rootRotation().caCert()));
        }
        List<X509Certificate> result = List.copyOf(parsed);
        roots.set(Map.entry(ca, result));
        return result;
    }

    private Verdict verify(SSLSession ssl) {
        List<X509Certificate> chain = peerChain(ssl);
        if (chain.isEmpty()) {
            return Verdict.refused(Status.UNAUTHENTICATED.withDescription(NO_CERTIFICATE), false);
        }
        X509Certificate leaf = chain.get(0);
        TlsIdentity own = identity.current();
        Optional<String> problem = PeerCertificates.problem(chain, trustedRoots(), clock.instant());
        if (problem.isPresent()) {
            return Verdict.refused(Status.UNAUTHENTICATED.withDescription(problem.get()), true);
        }
        NodeSubject subject = NodeSubject.of(leaf);
        if (subject.clusterId() == null || !subject.clusterId().equals(own.clusterId())) {
            return Verdict.refused(Status.PERMISSION_DENIED.withDescription(
                    "remote certificate not part of organization: " + own.clusterId()), true);
        }
        NodeRole role;
        try {
            role = subject.organizationalUnit() == null ? null : NodeCertificate.roleOf(subject.organizationalUnit());
        } catch (RuntimeException e) {
            role = null;
        }
        if (role == null || subject.nodeId() == null) {
            return Verdict.refused(Status.PERMISSION_DENIED.withDescription(
                    "unauthorized peer role: " + subject.organizationalUnit()), true);
        }
        String nodeId = subject.nodeId();
        // The blacklist is in the replicated cluster object: every manager refuses a removed node,
        // also after a restart or a leader change.
        boolean blacklisted = store.<Boolean>view(tx -> tx.cluster().map(c -> c.isBlacklisted(nodeId)).orElse(false));
        if (blacklisted || store.view(tx -> tx.get(Table.NODES, nodeId)).isEmpty()) {
            return Verdict.refused(Status.PERMISSION_DENIED.withDescription(NodeEnrollment.removed(nodeId)), true);
        }
        return new Verdict(nodeId, role, null, true);
    }

    private static List<X509Certificate> peerChain(SSLSession ssl) {
        if (ssl == null) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : ssl.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private static String remoteHost(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : null;
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status.Code code, String message) {
        return refuse(call, Status.fromCode(code), message);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String message) {
        call.close(status.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
