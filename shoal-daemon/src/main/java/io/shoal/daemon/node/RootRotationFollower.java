package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.time.Clock;
import io.shoal.rpc.ca.TrustStatus;
import io.shoal.rpc.client.CertificateRenewer;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in a root CA rotation. Every {@link #CHECK_EVERY} it compares its TLS identity
 * with what the cluster asks for ({@link TrustStatus}: a manager reads it in its replica, a worker
 * asks the CA): a certificate from another issuer than the wanted one is renewed (during a
 * rotation the CA issues with the new root's key and the cross-signed intermediate); once the
 * rotation is over the cluster's new root is trusted, and a certificate still carrying the
 * intermediate is renewed once more so it chains straight to the new root. After any change the
 * node describes itself anew, so the managers see its new {@code TLSInfo} (the reconciler on the
 * leader counts on it, and so does {@code docker swarm ca --rotate}).
 */
final class RootRotationFollower {
    private static final Logger log = LoggerFactory.getLogger(RootRotationFollower.class);
    /** As often as a worker asks for its desired role; a rotation takes about two of these. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final Supplier<TrustStatus> status;
    private final ReloadableIdentity identity;
    private final Supplier<TlsIdentity> renew;
    private final Function<String, TlsIdentity> trust;
    private final Consumer<String> redescribe;
    private final Clock clock;
    private final Executor work;

    // guarded by this
    private boolean started;
    private Clock.Cancellable timer;

    /**
     * @param status what the cluster wants now; may throw (no manager reachable): checked again later
     * @param redescribe tells the managers the node's description again (the agent's new session)
     */
    RootRotationFollower(Supplier<TrustStatus> status, ReloadableIdentity identity, CertificateRenewer renewer,
                         Consumer<String> redescribe, Clock clock, Executor work) {
        this(status, identity, renewer::renewNow, renewer::trust, redescribe, clock, work);
    }

    /**
     * @param renew renews the node's certificate now ({@link CertificateRenewer#renewNow})
     * @param trust makes the node trust a new root ({@link CertificateRenewer#trust})
     */
    RootRotationFollower(Supplier<TrustStatus> status, ReloadableIdentity identity, Supplier<TlsIdentity> renew,
                         Function<String, TlsIdentity> trust, Consumer<String> redescribe, Clock clock,
                         Executor work) {
        this.status = requireNonNull(status, "status is null");
        this.identity = requireNonNull(identity, "identity is null");
        this.renew = requireNonNull(renew, "renew is null");
        this.trust = requireNonNull(trust, "trust is null");
        this.redescribe = requireNonNull(redescribe, "redescribe is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.work = requireNonNull(work, "work is null");
    }

    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        schedule();
    }

    synchronized void stop() {
        started = false;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    // guarded by this
    private void schedule() {
        timer = clock.schedule(CHECK_EVERY, () -> {
            try {
                work.execute(() -> {
                    try {
                        check();
                    } finally {
                        synchronized (this) {
                            if (started) {
                                schedule();
                            }
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopped meanwhile: the membership is closing
            }
        });
    }

    /** One comparison, and what it calls for. Never throws: a failure is retried at the next check. */
    void check() {
        try {
            TrustStatus wanted = status.get();
            boolean changed = false;
            if (!wanted.rotationInProgress() && !identity.current().rootCaPem().equals(wanted.trustRootPem())) {
                trust.apply(wanted.trustRootPem());
                changed = true;
            }
            TlsIdentity cur = identity.current();
            boolean wrongIssuer = !issuedBy(cur, wanted.issuer());
            boolean viaIntermediate = !wanted.rotationInProgress() && cur.chain().size() > 1;
            if (wrongIssuer || viaIntermediate) {
                log.info("root CA rotation: renewing the node certificate ({})",
                        wrongIssuer ? "the cluster wants another issuer" : "to chain straight to the new root");
                renew.get();
                changed = true;
            }
            if (changed) {
                redescribe.accept("TLS certificate or trust root changed (root CA rotation)");
            }
        } catch (io.shoal.api.ShoalException.InvalidArgument e) {
            // e.g. a node that was away for a whole rotation: its certificate is of the old root only
            log.warn("cannot follow the cluster's root CA: {} (if this node missed a root rotation, it must leave "
                    + "the swarm and join again)", e.getMessage());
        } catch (RuntimeException e) {
            log.debug("root CA rotation check: {}", e.toString());
        }
    }

    /** Whether the node's certificate was signed by the key (and subject) {@code issuer} names. */
    static boolean issuedBy(TlsIdentity id, Node.TlsInfo issuer) {
        Node.TlsInfo own = TlsDescribedExecutor.tlsInfo(id);
        return own.certIssuerPublicKey().equals(issuer.certIssuerPublicKey())
                && own.certIssuerSubject().equals(issuer.certIssuerSubject());
    }
}
