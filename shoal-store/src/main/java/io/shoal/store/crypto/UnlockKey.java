package io.shoal.store.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A swarm's unlock key in Docker's form, {@code SWMKEY-1-<32 random bytes, unpadded base64>}.
 * The key that seals a manager's files on disk is derived from it with HKDF-SHA256: the unlock
 * key is already 256 random bits, so a slow password hash (PBKDF2) would add start-up time and no
 * strength.
 */
public final class UnlockKey {
    public static final String PREFIX = "SWMKEY-1-";
    private static final int KEY_BYTES = 32;
    private static final byte[] SALT = "shoal unlock key v1".getBytes(US_ASCII);
    private static final byte[] INFO = "shoal key-encryption key".getBytes(US_ASCII);

    private final byte[] secret;

    private UnlockKey(byte[] secret) {
        this.secret = secret;
    }

    public static UnlockKey generate() {
        byte[] b = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(b);
        return new UnlockKey(b);
    }

    /** Parses {@code SWMKEY-1-...}; anything else is {@link IllegalArgumentException}. */
    public static UnlockKey parse(String text) {
        requireNonNull(text, "text is null");
        String t = text.strip();
        if (!t.startsWith(PREFIX)) {
            throw new IllegalArgumentException("invalid unlock key: it does not start with " + PREFIX);
        }
        byte[] b;
        try {
            b = Base64.getDecoder().decode(t.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid unlock key: " + e.getMessage());
        }
        if (b.length != KEY_BYTES) {
            throw new IllegalArgumentException("invalid unlock key: " + b.length + " bytes instead of " + KEY_BYTES);
        }
        return new UnlockKey(b);
    }

    /** The key as users see it. */
    public String text() {
        return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(secret);
    }

    /** The key that seals and opens the files this unlock key protects. */
    public DataKey keyEncryptionKey() {
        return DataKey.of(hkdfSha256(secret, SALT, INFO));
    }

    /** RFC 5869 with one output block (32 bytes). */
    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = extract.doFinal(ikm);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(info);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnlockKey other && java.security.MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(secret);
    }

    /** Never the key itself. */
    @Override
    public String toString() {
        return "UnlockKey[" + PREFIX + "...]";
    }
}
