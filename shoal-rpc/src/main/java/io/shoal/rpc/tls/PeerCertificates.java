package io.shoal.rpc.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
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
        if (!leaf.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            return Optional.of(UNKNOWN_AUTHORITY);
        }
        try {
            leaf.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of(UNKNOWN_AUTHORITY);
        }
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
