package io.shoal.store.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key that seals byte strings with AES-GCM, each under a fresh random 96-bit nonce.
 * Used as the data encryption key (DEK) of the Raft log and snapshots, and as the key-encryption
 * key derived from an unlock key ({@link UnlockKey#keyEncryptionKey()}).
 * <p>
 * A sealed value is {@code [format 1][key ID, 4 bytes][nonce, 12 bytes][ciphertext + 16-byte tag]}.
 * The key ID (the first 4 bytes of the SHA-256 of the key) says which key sealed it, so a value
 * sealed under another key is told apart from a damaged one, and keys can rotate later.
 */
public final class DataKey {
    public static final int KEY_BYTES = 32;
    /** The format byte of a sealed value: AES-256-GCM, 12-byte nonce, 16-byte tag. */
    public static final byte FORMAT = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** Format byte, key ID, nonce. */
    public static final int HEADER_BYTES = 1 + 4 + NONCE_BYTES;
    /** What sealing adds to the plaintext. */
    public static final int OVERHEAD = HEADER_BYTES + TAG_BITS / 8;

    private final byte[] key;
    private final int id;
    private final SecretKeySpec spec;
    private final SecureRandom random;

    private DataKey(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = key.clone();
        this.id = ByteBuffer.wrap(sha256(this.key)).getInt();
        this.spec = new SecretKeySpec(this.key, "AES");
        this.random = random;
    }

    /** A new random key. */
    public static DataKey generate() {
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[KEY_BYTES];
        random.nextBytes(k);
        return new DataKey(k, random);
    }

    /** The key with these {@value #KEY_BYTES} bytes. */
    public static DataKey of(byte[] key) {
        return new DataKey(requireNonNull(key, "key is null"), new SecureRandom());
    }

    /** A copy of the key's bytes (to store or hand over; treat as secret). */
    public byte[] bytes() {
        return key.clone();
    }

    /** Which key this is, as written into every sealed value. */
    public int id() {
        return id;
    }

    SecretKeySpec spec() {
        return spec;
    }

    SecureRandom random() {
        return random;
    }

    public byte[] seal(byte[] plaintext) {
        return seal(plaintext, 0, plaintext.length, null);
    }

    /**
     * Seals {@code plaintext[offset, offset+length)}; {@code aad} (may be null) is authenticated but
     * not stored: the same bytes must be given to {@link #open}.
     */
    public byte[] seal(byte[] plaintext, int offset, int length, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] out = new byte[HEADER_BYTES + length + TAG_BITS / 8];
        out[0] = FORMAT;
        ByteBuffer.wrap(out, 1, 4).putInt(id);
        System.arraycopy(nonce, 0, out, 5, NONCE_BYTES);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_BITS, nonce));
            if (aad != null) {
                c.updateAAD(aad);
            }
            c.doFinal(plaintext, offset, length, out, HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
        return out;
    }

    public byte[] open(byte[] sealed) {
        return open(sealed, 0, sealed.length, null);
    }

    /**
     * Opens what {@link #seal} made. Throws {@link WrongKeyException} if another key sealed it, and
     * {@link SealedDataException} if it is damaged, cut short or was changed.
     */
    public byte[] open(byte[] sealed, int offset, int length, byte[] aad) {
        if (length < OVERHEAD) {
            throw new SealedDataException("sealed data is too short: " + length + " bytes");
        }
        if (sealed[offset] != FORMAT) {
            throw new SealedDataException("sealed data of unknown format " + sealed[offset]);
        }
        int sealedBy = ByteBuffer.wrap(sealed, offset + 1, 4).getInt();
        if (sealedBy != id) {
            throw new WrongKeyException("sealed with key " + Integer.toHexString(sealedBy) + ", not with key "
                    + Integer.toHexString(id));
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(TAG_BITS, sealed, offset + 5, NONCE_BYTES));
            if (aad != null) {
                c.updateAAD(aad);
            }
            return c.doFinal(sealed, offset + HEADER_BYTES, length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealedDataException("sealed data failed authentication: damaged or tampered with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The key ID of a sealed value, or empty if it is not one. */
    public static java.util.OptionalInt sealedBy(byte[] sealed) {
        if (sealed.length < OVERHEAD || sealed[0] != FORMAT) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(ByteBuffer.wrap(sealed, 1, 4).getInt());
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return id;
    }

    /** Never the key itself. */
    @Override
    public String toString() {
        return "DataKey[" + Integer.toHexString(id) + "]";
    }
}
