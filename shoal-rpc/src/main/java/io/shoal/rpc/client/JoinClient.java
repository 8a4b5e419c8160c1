package io.shoal.rpc.client;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.shoal.api.NodeAvailability;
import io.shoal.api.ShoalException;
import io.shoal.api.time.Clock;
import io.shoal.manager.ca.CertificateRequests;
import io.shoal.manager.ca.JoinTokens;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.proto.CAGrpc;
import io.shoal.rpc.proto.GetRootCACertificateRequest;
import io.shoal.rpc.proto.IssueNodeCertificateRequest;
import io.shoal.rpc.proto.IssueNodeCertificateResponse;
import io.shoal.rpc.tls.Pems;
import io.shoal.rpc.tls.TlsContexts;
import io.shoal.rpc.tls.TlsIdentity;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of {@code swarm join --token T MANAGER:2377}, SwarmKit's flow:
 * <ol>
 *   <li>parse the token ("invalid join token" if malformed);</li>
 *   <li>fetch the root CA certificate from a manager <em>without</em> trusting the connection, and
 *       check its SHA-256 against the digest in the token ("remote CA does not match fingerprint");</li>
 *   <li>make a key pair and a CSR, and send the CSR with the token over TLS verified against that
 *       root (the peer must hold a manager certificate);</li>
 *   <li>check the certificate that comes back and return it with the key.</li>
 * </ol>
 * Managers are tried in order; unreachable ones are retried {@code attempts} times,
 * {@code retryDelay} apart. A refusal (wrong token, wrong CA) is final.
 */
public final class JoinClient {
    private static final Logger log = LoggerFactory.getLogger(JoinClient.class);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** SwarmKit tries to fetch the root CA 5 times, 2 s apart. */
    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);

    private final Clock clock;
    private final Duration callTimeout;
    private final int attempts;
    private final Duration retryDelay;

    public JoinClient(Clock clock) {
        this(clock, DEFAULT_CALL_TIMEOUT, DEFAULT_ATTEMPTS, DEFAULT_RETRY_DELAY);
    }

    public JoinClient(Clock clock, Duration callTimeout, int attempts, Duration retryDelay) {
        this.clock = requireNonNull(clock, "clock is null");
        this.callTimeout = requireNonNull(callTimeout, "callTimeout is null");
        this.retryDelay = requireNonNull(retryDelay, "retryDelay is null");
        if (attempts < 1 || !callTimeout.isPositive() || retryDelay.isNegative()) {
            throw new IllegalArgumentException("attempts must be at least 1 and durations positive");
        }
        this.attempts = attempts;
    }

    /**
     * Joins the swarm. Throws InvalidArgument for a malformed token, a CA that does not match the
     * token, or a token the cluster refuses; Unavailable if no manager could be reached.
     *
     * @param managerAddrs {@code host:port} of managers to try, in order (port 2377 if absent)
     * @param availability "active", "pause", "drain", or null/empty for active
     */
    public Joined join(String token, List<String> managerAddrs, String availability) {
        JoinTokens.ParsedToken parsed = JoinTokens.parse(token);
        requireNonNull(managerAddrs, "managerAddrs is null");
        if (managerAddrs.isEmpty()) {
            throw new ShoalException.InvalidArgument("at least one manager address is needed to join a swarm");
        }
        List<ManagerAddress> managers = managerAddrs.stream().map(ManagerAddress::parse).toList();
        String wantedAvailability = availability(availability);
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            for (ManagerAddress m : managers) {
                try {
                    return joinVia(m, parsed, token.strip(), wantedAvailability);
                } catch (Unreachable e) {
                    log.debug("join attempt {} via {} failed: {}", attempt, m, e.getMessage());
                    failures.add(m + ": " + e.getMessage());
                }
            }
            if (attempt < attempts) {
                pause(retryDelay);
            }
        }
        throw new ShoalException.Unavailable("could not reach a manager to join the swarm: "
                + String.join("; ", failures.subList(Math.max(0, failures.size() - managers.size()), failures.size())));
    }

    private Joined joinVia(ManagerAddress manager, JoinTokens.ParsedToken token, String tokenText, String availability) {
        String rootPem = fetchRootCa(manager);
        if (!JoinTokens.verifyCaDigest(token, rootPem)) {
            throw new ShoalException.InvalidArgument(
                    "remote CA does not match fingerprint. Expected: " + token.rootCaDigest());
        }
        X509Certificate root = Pems.certificate(rootPem);
        KeyPair keys = CertificateRequests.newKeyPair();
        IssueNodeCertificateResponse issued = call(manager, TlsContexts.clientTrusting(root, clock),
                ch -> CAGrpc.newBlockingStub(ch).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .issueNodeCertificate(IssueNodeCertificateRequest.newBuilder()
                                .setCsrPem(CertificateRequests.csrPem(keys))
                                .setToken(tokenText)
                                .setAvailability(availability)
                                .build()));
        NodeCertificate cert = NodeCertificate.fromPem(issued.getCertificatePem(), Pems.encode(keys.getPrivate()));
        if (!cert.nodeId().equals(issued.getNodeId())) {
            throw new ShoalException.Internal("the manager issued a certificate for " + cert.nodeId()
                    + " but named the node " + issued.getNodeId(), null);
        }
        TlsIdentity.of(cert, rootPem); // the key is ours and the root signed it
        log.info("joined the swarm as {} node {} via {}", cert.role().wire(), cert.nodeId(), manager);
        return new Joined(cert.nodeId(), cert.role(), cert.clusterId(), cert, rootPem, manager.toString());
    }

    private String fetchRootCa(ManagerAddress manager) {
        return call(manager, TlsContexts.clientTrustingAnyone(),
                ch -> CAGrpc.newBlockingStub(ch).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .getRootCACertificate(GetRootCACertificateRequest.getDefaultInstance())
                        .getCertificatePem());
    }

    private interface Call<T> {
        T on(ManagedChannel channel);
    }

    /** One call on a short-lived channel; a manager that cannot be reached is {@link Unreachable}. */
    private static <T> T call(ManagerAddress manager, SslContext tls, Call<T> call) {
        ManagedChannel ch = NettyChannelBuilder.forAddress(manager.host(), manager.port()).sslContext(tls).build();
        try {
            return call.on(ch);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                throw new Unreachable(GrpcErrors.toShoal(e).getMessage());
            }
            throw GrpcErrors.toShoal(e);
        } finally {
            ch.shutdownNow();
        }
    }

    private static String availability(String s) {
        if (s == null || s.isBlank()) {
            return NodeAvailability.ACTIVE.wire();
        }
        try {
            return NodeAvailability.of(s).wire();
        } catch (IllegalArgumentException e) {
            throw new ShoalException.InvalidArgument("invalid Availability: \"" + s + "\"");
        }
    }

    /** Waits on the injected clock's timer, so a fake clock drives retries in tests. */
    private void pause(Duration d) {
        CountDownLatch latch = new CountDownLatch(1);
        Clock.Cancellable t = clock.schedule(d, latch::countDown);
        try {
            latch.await();
        } catch (InterruptedException e) {
            t.cancel();
            Thread.currentThread().interrupt();
            throw new ShoalException.Unavailable("interrupted while joining the swarm");
        }
    }

    /** A manager that did not answer: try the next one. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }
}
