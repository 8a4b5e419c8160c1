package io.shoal.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SealedStreamsTest {
    private final DataKey key = DataKey.generate();

    private byte[] seal(byte[] plain) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = SealedStreams.seal(key, buf)) {
            out.write(plain, 0, plain.length / 3);
            out.write(plain[plain.length / 3]);
            out.write(plain, plain.length / 3 + 1, plain.length - plain.length / 3 - 1);
        }
        return buf.toByteArray();
    }

    private byte[] open(DataKey k, byte[] sealed) throws IOException {
        try (InputStream in = SealedStreams.open(k, new ByteArrayInputStream(sealed))) {
            return in.readAllBytes();
        }
    }

    @Test
    void streamsOfManyChunksAndOfNoneRoundTrip() throws IOException {
        byte[] plain = new byte[3 * SealedStreams.CHUNK + 123];
        new Random(7).nextBytes(plain);
        byte[] sealed = seal(plain);
        assertThat(SealedStreams.isSealed(sealed)).isTrue();
        assertThat(open(key, sealed)).isEqualTo(plain);

        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        SealedStreams.seal(key, empty).close();
        assertThat(open(key, empty.toByteArray())).isEmpty();
        // exactly one full chunk: the flag rides on that chunk, not on an extra empty one
        byte[] one = new byte[SealedStreams.CHUNK];
        assertThat(open(key, seal(one))).isEqualTo(one);
    }

    @Test
    void anotherKeyDamageAndCutsAreRefused() throws IOException {
        byte[] plain = new byte[2 * SealedStreams.CHUNK + 10];
        new Random(8).nextBytes(plain);
        byte[] sealed = seal(plain);
        assertThatThrownBy(() -> open(DataKey.generate(), sealed)).isInstanceOf(IOException.class)
                .hasCauseInstanceOf(WrongKeyException.class);
        byte[] flipped = sealed.clone();
        flipped[sealed.length / 2] ^= 1;
        assertThatThrownBy(() -> open(key, flipped)).isInstanceOf(IOException.class);
        // cut at a chunk boundary: the last-chunk flag is missing
        int firstChunkEnd = 21 + 4 + SealedStreams.CHUNK + 16;
        assertThatThrownBy(() -> open(key, Arrays.copyOf(sealed, firstChunkEnd))).isInstanceOf(IOException.class)
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> open(key, Arrays.copyOf(sealed, sealed.length - 1))).isInstanceOf(IOException.class);
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertThatThrownBy(() -> open(key, longer)).isInstanceOf(IOException.class);
        // two chunks swapped
        byte[] swapped = sealed.clone();
        int len = 4 + SealedStreams.CHUNK + 16;
        System.arraycopy(sealed, 21 + len, swapped, 21, len);
        System.arraycopy(sealed, 21, swapped, 21 + len, len);
        assertThatThrownBy(() -> open(key, swapped)).isInstanceOf(IOException.class);
    }
}
