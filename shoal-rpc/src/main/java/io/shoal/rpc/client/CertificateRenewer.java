package io.shoal.rpc.client;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.shoal.api.ShoalException;
import io.shoal.api.time.Clock;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.CertificateRequests;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.proto.CAGrpc;
import io.shoal.rpc.proto.IssueNodeCertificateRequest;
import io.shoal.rpc.proto.IssueNodeCertificateResponse;
import io.shoal.rpc.tls.Pems;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's certificate fresh: at a random point between 50 % and 80 % of its lifetime (so
 * nodes that joined together do not all come back together) it asks a manager's CA for a new one
 * with a new key, authenticated by the current certificate. The new certificate, key and root are
 * written atomically to the node's certificate directory, then swapped into the live
 * {@link ReloadableIdentity}: servers present it at their next handshake and manager connections
 * reconnect with it. Errors are retried after 5 s, doubling up to 1 h (SwarmKit's backoff).
 * <p>
 * Works for any certificate lifetime, so tests can use short ones; the role of the new
 * certificate is the one the node's spec holds, so {@link #renewNow()} is also how a promotion or
 * demotion reaches the node.
 */
public final class CertificateRenewer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CertificateRenewer.class);
    public static final Duration MIN_BACKOFF = Duration.ofSeconds(5);
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final ReloadableIdentity identity;
    private final ManagerConnection connection;
    private final Path certDir;
    private final Clock clock;
    private final Executor work;
    private final RandomGenerator random;
    private final Duration callTimeout;
    /** One renewal at a time. */
    private final Object renewing = new Object();

    // guarded by this
    private boolean started;
    private Clock.Cancellable timer;
    private Instant next;
    private Duration backoff = Duration.ZERO;

    /**
     * @param connection the node's connection to the managers (renewal is authenticated by the
     *     current certificate, so it uses the same mutual TLS)
     * @param certDir where the node's certificate files live; null keeps them in memory only
     */
    public CertificateRenewer(ReloadableIdentity identity, ManagerConnection connection, Path certDir, Clock clock) {
        this(identity, connection, certDir, clock,
                java.util.concurrent.Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("shoal-cert-renewer-", 0).factory()),
                RandomGenerator.getDefault(), RemoteDispatcher.DEFAULT_CALL_TIMEOUT);
    }

    /** With the thread renewals run on and the randomness given: tests run them inline. */
    CertificateRenewer(ReloadableIdentity identity, ManagerConnection connection, Path certDir, Clock clock,
                       Executor work, RandomGenerator random, Duration callTimeout) {
        this.identity = requireNonNull(identity, "identity is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.certDir = certDir;
        this.clock = requireNonNull(clock, "clock is null");
        this.work = requireNonNull(work, "work is null");
        this.random = requireNonNull(random, "random is null");
        this.callTimeout = requireNonNull(callTimeout, "callTimeout is null");
    }

    /** Schedules the first renewal from the current certificate's lifetime. Idempotent. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        scheduleFromCertificate();
    }

    /** Cancels the next renewal. Idempotent. */
    public synchronized void stop() {
        started = false;
        cancelTimer();
    }

    @Override
    public void close() {
        stop();
    }

    /** When the next renewal is due, or null when none is scheduled. */
    public synchronized Instant nextRenewal() {
        return next;
    }

    /**
     * Renews now, on the calling thread, and returns the new identity (e.g. after the node's role
     * changed). Fails with the manager's error; the scheduled renewal is not affected by a failure.
     */
    public TlsIdentity renewNow() {
        TlsIdentity renewed = renew();
        synchronized (this) {
            backoff = Duration.ZERO;
            if (started) {
                scheduleFromCertificate();
            }
        }
        return renewed;
    }

    /**
     * Trusts {@code rootCaPem} from now on (the cluster's new root after a root rotation, as an
     * authenticated manager announced it): written to the certificate directory, then swapped into
     * the live identity. The node's certificate must chain to it, else InvalidArgument and nothing
     * changes. Returns the identity now in use.
     */
    public TlsIdentity trust(String rootCaPem) {
        synchronized (renewing) {
            TlsIdentity cur = identity.current();
            if (cur.rootCaPem().equals(rootCaPem)) {
                return cur;
            }
            TlsIdentity next = TlsIdentity.of(cur.certificate(), rootCaPem);
            if (certDir != null) {
                CertificateFiles.write(certDir, cur.certificate(), rootCaPem);
            }
            identity.update(next);
            log.info("now trusting the cluster's new root CA");
            return next;
        }
    }

    private TlsIdentity renew() {
        synchronized (renewing) {
            TlsIdentity cur = identity.current();
            KeyPair keys = CertificateRequests.newKeyPair();
            ManagedChannel channel = connection.channel();
            IssueNodeCertificateResponse r;
            try {
                r = CAGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .issueNodeCertificate(IssueNodeCertificateRequest.newBuilder()
                                .setCsrPem(CertificateRequests.csrPem(keys))
                                .build());
            } catch (StatusRuntimeException e) {
                ShoalException err = GrpcErrors.toShoal(e);
                if (err instanceof ShoalException.Unavailable) {
                    connection.failover(channel);
                }
                throw err;
            }
            NodeCertificate cert = NodeCertificate.fromPem(r.getCertificatePem(), Pems.encode(keys.getPrivate()));
            if (!cert.nodeId().equals(cur.nodeId())) {
                throw new ShoalException.Internal("the CA renewed node " + cur.nodeId() + " as " + cert.nodeId(), null);
            }
            TlsIdentity renewed = TlsIdentity.of(cert, cur.rootCaPem());
            if (certDir != null) {
                // On disk first: a crash after this point restarts with the new pair.
                CertificateFiles.write(certDir, cert, renewed.rootCaPem());
            }
            identity.update(renewed);
            log.info("renewed the node certificate: {} until {}", cert.role().wire(), cert.notAfter());
            return renewed;
        }
    }

    private void renewScheduled() {
        synchronized (this) {
            if (!started) {
                return;
            }
        }
        try {
            renew();
            synchronized (this) {
                backoff = Duration.ZERO;
                if (started) {
                    scheduleFromCertificate();
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                backoff = backoff.isZero() ? MIN_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
                log.warn("certificate renewal failed, retrying in {}: {}", backoff, e.getMessage());
                if (started) {
                    schedule(backoff);
                }
            }
        }
    }

    // guarded by this
    private void scheduleFromCertificate() {
        Instant at = identity.current().certificate().renewalTime(random);
        Duration wait = Duration.between(clock.instant(), at);
        schedule(wait.isNegative() ? Duration.ZERO : wait);
    }

    // guarded by this
    private void schedule(Duration wait) {
        cancelTimer();
        next = clock.instant().plus(wait);
        log.debug("next certificate renewal at {}", next);
        timer = clock.schedule(wait, () -> work.execute(this::renewScheduled));
    }

    // guarded by this
    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        next = null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
