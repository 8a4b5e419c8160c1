package io.shoal.store.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnlockKeyTest {
    @Test
    void keysHaveDockersFormAndParseBack() {
        UnlockKey k = UnlockKey.generate();
        assertThat(k.text()).startsWith("SWMKEY-1-").hasSize("SWMKEY-1-".length() + 43);
        assertThat(UnlockKey.parse(k.text())).isEqualTo(k);
        assertThat(UnlockKey.parse("  " + k.text() + "\n")).as("as read from a terminal").isEqualTo(k);
        assertThat(UnlockKey.generate()).isNotEqualTo(k);
        assertThat(k.toString()).doesNotContain(k.text().substring(9));
    }

    @Test
    void malformedKeysAreRefused() {
        assertThatThrownBy(() -> UnlockKey.parse("SWMTKN-1-abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnlockKey.parse("SWMKEY-1-!!!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnlockKey.parse("SWMKEY-1-YWJj")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyEncryptionKeyIsDerivedTheSameWayEveryTimeAndDiffersPerUnlockKey() {
        UnlockKey k = UnlockKey.generate();
        byte[] sealed = k.keyEncryptionKey().seal("dek".getBytes(UTF_8));
        assertThat(UnlockKey.parse(k.text()).keyEncryptionKey().open(sealed)).isEqualTo("dek".getBytes(UTF_8));
        assertThatThrownBy(() -> UnlockKey.generate().keyEncryptionKey().open(sealed))
                .isInstanceOf(WrongKeyException.class);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        // RFC 5869 A.1, first 32 bytes of OKM (L=42 shares its first block)
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = java.util.HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(java.util.HexFormat.of().formatHex(UnlockKey.hkdfSha256(ikm, salt, info)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }
}
