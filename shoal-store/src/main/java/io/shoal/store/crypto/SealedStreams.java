package io.shoal.store.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A stream sealed in chunks of up to 64 KiB with AES-GCM (for files too large to seal in one
 * piece, like snapshots): {@code SHOALENC}, a version byte, the key ID and an 8-byte random nonce
 * prefix, then chunks {@code [int length, high bit set on the last][ciphertext + tag]}. Chunk
 * {@code i}'s nonce is the prefix and {@code i}; its additional data is the header and the last-chunk
 * flag, so chunks cannot be reordered, dropped, or the stream cut short unnoticed.
 */
public final class SealedStreams {
    static final byte[] MAGIC = "SHOALENC".getBytes(US_ASCII);
    static final byte VERSION = 1;
    static final int CHUNK = 1 << 16;
    private static final int HEADER = MAGIC.length + 1 + 4 + 8;
    private static final int TAG = DataKey.TAG_BITS / 8;

    private SealedStreams() {}

    /** Whether {@code head} (the first bytes of a file) starts a sealed stream. */
    public static boolean isSealed(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    public static int magicLength() {
        return MAGIC.length;
    }

    /** Seals what is written to the returned stream into {@code out}; closing it writes the last chunk and closes {@code out}. */
    public static OutputStream seal(DataKey key, OutputStream out) throws IOException {
        requireNonNull(key, "key is null");
        requireNonNull(out, "out is null");
        byte[] header = new byte[HEADER];
        ByteBuffer h = ByteBuffer.wrap(header);
        h.put(MAGIC).put(VERSION).putInt(key.id());
        byte[] prefix = new byte[8];
        key.random().nextBytes(prefix);
        h.put(prefix);
        out.write(header);
        return new Sealing(key, out, header);
    }

    /** Opens a stream {@link #seal} wrote; damage, another key, or a cut-short stream fail with IOException. */
    public static InputStream open(DataKey key, InputStream in) throws IOException {
        requireNonNull(key, "key is null");
        DataInputStream din = new DataInputStream(requireNonNull(in, "in is null"));
        byte[] header = new byte[HEADER];
        try {
            din.readFully(header);
        } catch (EOFException e) {
            throw new IOException("sealed stream cut short in its header");
        }
        if (!isSealed(header)) {
            throw new IOException("not a sealed stream");
        }
        ByteBuffer h = ByteBuffer.wrap(header, MAGIC.length, HEADER - MAGIC.length);
        byte version = h.get();
        if (version != VERSION) {
            throw new IOException("sealed stream of unknown version " + version);
        }
        int id = h.getInt();
        if (id != key.id()) {
            throw new IOException(new WrongKeyException("stream sealed with key " + Integer.toHexString(id)
                    + ", not with key " + Integer.toHexString(key.id())));
        }
        return new Opening(key, din, header);
    }

    private static byte[] nonce(byte[] header, long index) {
        byte[] n = new byte[DataKey.NONCE_BYTES];
        System.arraycopy(header, HEADER - 8, n, 0, 8);
        ByteBuffer.wrap(n, 8, 4).putInt((int) index);
        return n;
    }

    private static Cipher cipher(int mode, DataKey key, byte[] header, long index, boolean last)
            throws GeneralSecurityException {
        if (index > 0xFFFF_FFFFL) {
            throw new GeneralSecurityException("sealed stream too long");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key.spec(), new GCMParameterSpec(DataKey.TAG_BITS, nonce(header, index)));
        c.updateAAD(header);
        c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
        return c;
    }

    private static final class Sealing extends FilterOutputStream {
        private final DataKey key;
        private final byte[] header;
        private final byte[] buf = new byte[CHUNK];
        private int used;
        private long index;
        private boolean closed;

        Sealing(DataKey key, OutputStream out, byte[] header) {
            super(out);
            this.key = key;
            this.header = header;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == CHUNK) {
                flushChunk(false);
            }
            buf[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == CHUNK) {
                    flushChunk(false);
                }
                int n = Math.min(len, CHUNK - used);
                System.arraycopy(b, off, buf, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        /** Full chunks only go out once more data follows: the last chunk must carry the flag. */
        private void flushChunk(boolean last) throws IOException {
            byte[] sealed;
            try {
                sealed = cipher(Cipher.ENCRYPT_MODE, key, header, index++, last).doFinal(buf, 0, used);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot seal: " + e.getMessage(), e);
            }
            int len = sealed.length;
            out.write(new byte[] {(byte) ((len >>> 24) | (last ? 0x80 : 0)), (byte) (len >>> 16), (byte) (len >>> 8),
                    (byte) len});
            out.write(sealed);
            used = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                flushChunk(true);
                out.flush();
            } finally {
                out.close();
            }
        }
    }

    private static final class Opening extends InputStream {
        private final DataKey key;
        private final DataInputStream in;
        private final byte[] header;
        private byte[] chunk = new byte[0];
        private int pos;
        private long index;
        private boolean last;

        Opening(DataKey key, DataInputStream in, byte[] header) {
            this.key = key;
            this.in = in;
            this.header = header;
        }

        /** Reads the next chunk; false once the last one was read (and nothing follows it). */
        private boolean fill() throws IOException {
            while (pos == chunk.length) {
                if (last) {
                    return false;
                }
                int word;
                try {
                    word = in.readInt();
                } catch (EOFException e) {
                    throw new IOException("sealed stream cut short after chunk " + index);
                }
                boolean isLast = (word & 0x8000_0000) != 0;
                int len = word & 0x7FFF_FFFF;
                if (len < TAG || len > CHUNK + TAG) {
                    throw new IOException("sealed stream damaged: chunk " + index + " of " + len + " bytes");
                }
                byte[] sealed = new byte[len];
                try {
                    in.readFully(sealed);
                } catch (EOFException e) {
                    throw new IOException("sealed stream cut short in chunk " + index);
                }
                try {
                    chunk = cipher(Cipher.DECRYPT_MODE, key, header, index++, isLast).doFinal(sealed);
                } catch (AEADBadTagException e) {
                    throw new IOException(new SealedDataException("sealed stream chunk " + (index - 1)
                            + " failed authentication: damaged or tampered with"));
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot open: " + e.getMessage(), e);
                }
                pos = 0;
                last = isLast;
                if (last && in.read() != -1) {
                    throw new IOException("sealed stream damaged: data after its last chunk");
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return chunk[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
