package io.shoal.manager.ca;

import io.shoal.api.Cluster;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Join tokens in SwarmKit's format: {@code SWMTKN-1-<digest>-<secret>}. The digest is the SHA-256
 * of the root CA certificate PEM written in base 36 and zero-padded to 50 characters, so a joining
 * node can check that the manager it reached holds the right CA; the secret is 16 random bytes in
 * base 36, zero-padded to 25. Worker and manager tokens share the digest; rotating a token makes a
 * new secret only.
 */
public final class JoinTokens {
    public static final String PREFIX = "SWMTKN";
    static final int DIGEST_LENGTH = 50; // ceil(log36(2^256))
    static final int SECRET_LENGTH = 25; // ceil(log36(2^128))
    private static final int SECRET_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Docker's text for any token that cannot be parsed. */
    public static final String INVALID = "invalid join token";
    /** Docker's text for a well-formed token that matches neither of the cluster's tokens. */
    public static final String NOT_VALID_FOR_CLUSTER = "A valid join token is necessary to join this cluster";

    private JoinTokens() {}

    /** A parsed token: its version, the root CA digest (64 hex digits) and the secret. */
    public record ParsedToken(int version, String rootCaDigest, String secret, boolean fips) {}

    /** A new token for the cluster whose root CA is {@code ca}. */
    public static String create(RootCa ca) {
        return create(ca.certPem());
    }

    /** A new token for the root CA certificate {@code caCertPem}. */
    public static String create(String caCertPem) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String digest = pad(new BigInteger(RootCa.digestOf(caCertPem), 16).toString(36), DIGEST_LENGTH);
        return PREFIX + "-1-" + digest + "-" + pad(new BigInteger(1, secret).toString(36), SECRET_LENGTH);
    }

    /** A worker and a manager token, as {@code swarm init} makes them. */
    public static Cluster.JoinTokens createPair(RootCa ca) {
        return new Cluster.JoinTokens(create(ca), create(ca));
    }

    /** The cluster's tokens with the requested ones replaced by new secrets (same digest). */
    public static Cluster.JoinTokens rotate(Cluster.JoinTokens current, String caCertPem, boolean worker, boolean manager) {
        return new Cluster.JoinTokens(
                worker || current == null ? create(caCertPem) : current.worker(),
                manager || current == null ? create(caCertPem) : current.manager());
    }

    /**
     * Parses a token, failing with InvalidArgument "invalid join token" (Docker's text) on anything
     * malformed. Accepts version 1 and the FIPS form {@code SWMTKN-2-<0|1>-...}.
     */
    public static ParsedToken parse(String token) {
        if (token == null) {
            throw new ShoalException.InvalidArgument(INVALID);
        }
        String[] parts = token.trim().split("-", -1);
        if (parts.length < 4 || !PREFIX.equals(parts[0])) {
            throw new ShoalException.InvalidArgument(INVALID);
        }
        int version;
        boolean fips = false;
        switch (parts[1]) {
            case "1" -> {
                if (parts.length != 4) {
                    throw new ShoalException.InvalidArgument(INVALID);
                }
                version = 1;
            }
            case "2" -> {
                if (parts.length != 5 || !(parts[2].equals("0") || parts[2].equals("1"))) {
                    throw new ShoalException.InvalidArgument(INVALID);
                }
                version = 2;
                fips = parts[2].equals("1");
            }
            default -> throw new ShoalException.InvalidArgument(INVALID);
        }
        String digest = parts[parts.length - 2];
        String secret = parts[parts.length - 1];
        if (digest.length() != DIGEST_LENGTH || secret.length() != SECRET_LENGTH
                || !isBase36(digest) || !isBase36(secret)) {
            throw new ShoalException.InvalidArgument(INVALID);
        }
        BigInteger d = new BigInteger(digest, 36);
        if (d.bitLength() > 256) {
            throw new ShoalException.InvalidArgument(INVALID);
        }
        return new ParsedToken(version, pad(d.toString(16), 64), secret, fips);
    }

    /** True if the token was made for the root CA certificate {@code caCertPem}. */
    public static boolean verifyCaDigest(ParsedToken token, String caCertPem) {
        return MessageDigest.isEqual(token.rootCaDigest().getBytes(StandardCharsets.US_ASCII),
                RootCa.digestOf(caCertPem).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@link #verifyCaDigest(ParsedToken, String)} on a token string. */
    public static boolean verifyCaDigest(String token, String caCertPem) {
        return verifyCaDigest(parse(token), caCertPem);
    }

    /**
     * The role a token grants in a cluster: compared in constant time with the manager token, then
     * the worker token, as SwarmKit does. Empty when it matches neither.
     */
    public static Optional<NodeRole> roleFor(Cluster.JoinTokens tokens, String token) {
        if (tokens == null || token == null) {
            return Optional.empty();
        }
        byte[] t = token.trim().getBytes(StandardCharsets.UTF_8);
        if (tokens.manager() != null && MessageDigest.isEqual(t, tokens.manager().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(NodeRole.MANAGER);
        }
        if (tokens.worker() != null && MessageDigest.isEqual(t, tokens.worker().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(NodeRole.WORKER);
        }
        return Optional.empty();
    }

    private static boolean isBase36(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
