package io.shoal.store.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataKeyTest {
    private final DataKey key = DataKey.generate();
    private final byte[] secret = "the service label value s3cr3t".getBytes(UTF_8);

    @Test
    void sealedDataOpensWithTheSameKeyAndDoesNotHoldThePlaintext() {
        byte[] sealed = key.seal(secret);
        assertThat(sealed).hasSize(secret.length + DataKey.OVERHEAD);
        assertThat(new String(sealed, UTF_8)).doesNotContain("s3cr3t");
        assertThat(key.open(sealed)).isEqualTo(secret);
        assertThat(DataKey.of(key.bytes()).open(sealed)).as("the same key from its bytes").isEqualTo(secret);
        assertThat(DataKey.sealedBy(sealed)).hasValue(key.id());
    }

    @Test
    void anotherKeyIsToldApartFromDamage() {
        byte[] sealed = key.seal(secret);
        assertThatThrownBy(() -> DataKey.generate().open(sealed)).isInstanceOf(WrongKeyException.class);
    }

    @Test
    void anyChangedByteIsDetected() {
        byte[] sealed = key.seal(secret);
        for (int i = 0; i < sealed.length; i++) {
            byte[] t = sealed.clone();
            t[i] ^= 0x01;
            assertThatThrownBy(() -> key.open(t)).as("byte %d flipped", i).isInstanceOf(SealedDataException.class);
        }
        assertThatThrownBy(() -> key.open(Arrays.copyOf(sealed, sealed.length - 1)))
                .isInstanceOf(SealedDataException.class);
        assertThatThrownBy(() -> key.open(new byte[5])).isInstanceOf(SealedDataException.class);
    }

    @Test
    void additionalDataMustMatch() {
        byte[] aad = {1, 2, 3};
        byte[] sealed = key.seal(secret, 0, secret.length, aad);
        assertThat(key.open(sealed, 0, sealed.length, aad)).isEqualTo(secret);
        assertThatThrownBy(() -> key.open(sealed, 0, sealed.length, new byte[] {1, 2, 4}))
                .isInstanceOf(SealedDataException.class);
    }

    @Test
    void everySealHasAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] s = key.seal(secret);
            nonces.add(Arrays.toString(Arrays.copyOfRange(s, 5, 5 + DataKey.NONCE_BYTES)));
            ciphertexts.add(Arrays.toString(s));
        }
        assertThat(nonces).hasSize(10_000);
        assertThat(ciphertexts).hasSize(10_000);
    }

    @Test
    void keysHaveTheirSizeAndNeverPrintThemselves() {
        assertThatThrownBy(() -> DataKey.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThat(key.bytes()).hasSize(32);
        assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(key.bytes()));
        assertThat(DataKey.of(key.bytes())).isEqualTo(key).isNotEqualTo(DataKey.generate());
    }
}
