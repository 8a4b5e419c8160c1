package io.shoal.rpc.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one check every peer certificate goes through, on both ends of a connection: signed by the
 * cluster's root CA and valid at the injected clock's now. It replaces host name verification,
 * since managers are addressed by IP and a node's identity is its certificate's CN.
 */
public final class PeerCertificates {
    public static final String UNKNOWN_AUTHORITY = "certificate signed by unknown authority";

    private PeerCertificates() {}

    /** Why {@code leaf} is not acceptable at {@code now}, or empty if it is. */
    public static Optional<String> problem(X509Certificate leaf, X509Certificate root, Instant now) {
        return problem(List.of(leaf), List.of(root), now);
    }

    /**
     * Why the peer's {@code chain} (its certificate, then the intermediates it sent) is not
     * acceptable at {@code now} to someone who trusts {@code anchors}, or empty if it is. The
     * certificate must be signed by an anchor, or by an intermediate of the chain (a CA, valid now)
     * that an anchor signed: during a root rotation, the new key's certificate cross-signed by the
     * old root. A null {@code now} skips the time checks.
     */
    public static Optional<String> problem(List<X509Certificate> chain, List<X509Certificate> anchors, Instant now) {
        if (chain == null || chain.isEmpty()) {
            return Optional.of("no certificate");
        }
        X509Certificate leaf = chain.get(0);
        if (!signedByAny(leaf, anchors) && !viaIntermediate(leaf, chain.subList(1, chain.size()), anchors, now)) {
            return Optional.of(UNKNOWN_AUTHORITY);
        }
        return now == null ? Optional.empty() : timeProblem(leaf, now);
    }

    /** True if an anchor issued {@code c} and its key verifies {@code c}'s signature. */
    public static boolean signedByAny(X509Certificate c, List<X509Certificate> anchors) {
        for (X509Certificate a : anchors) {
            if (signedBy(c, a)) {
                return true;
            }
        }
        return false;
    }

    static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean viaIntermediate(X509Certificate leaf, List<X509Certificate> intermediates,
                                           List<X509Certificate> anchors, Instant now) {
        for (X509Certificate i : intermediates) {
            if (i.getBasicConstraints() >= 0 && signedBy(leaf, i) && (now == null || timeProblem(i, now).isEmpty())
                    && signedByAny(i, anchors)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> timeProblem(X509Certificate leaf, Instant now) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of("certificate has expired: it was valid until " + notAfter + ", now is " + now);
        }
        if (now.isBefore(notBefore)) {
            return Optional.of("certificate is not yet valid: it is valid from " + notBefore + ", now is " + now);
        }
        return Optional.empty();
    }
}
