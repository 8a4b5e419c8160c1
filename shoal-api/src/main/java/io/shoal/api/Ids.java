package io.shoal.api;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Object IDs as SwarmKit makes them: 25 lowercase base-36 characters, about 128 random bits. */
public final class Ids {
    public static final int LENGTH = 25;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        byte[] bytes = new byte[17];
        RANDOM.nextBytes(bytes);
        bytes[0] |= (byte) 0x80; // top bit set so the base-36 form always has the same length
        String s = new BigInteger(1, bytes).toString(36);
        return s.substring(1, 1 + LENGTH);
    }

    public static boolean looksLikeId(String s) {
        return s != null && s.length() == LENGTH && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
    }
}
