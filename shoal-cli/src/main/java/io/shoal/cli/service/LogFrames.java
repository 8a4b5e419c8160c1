package io.shoal.cli.service;

import io.shoal.cli.CliException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads docker's multiplexed log stream ({@code application/vnd.docker.multiplexed-stream}): frames
 * of an 8-byte header {@code [stream, 0, 0, 0, length (uint32, big-endian)]} and a payload.
 * Stream 0 and 1 are stdout, 2 stderr, 3 an error from the daemon that ends the stream.
 */
public final class LogFrames {
    /** Receives one frame's payload. */
    @FunctionalInterface
    public interface Sink {
        void frame(byte[] payload) throws IOException;
    }

    private LogFrames() {}

    /** Copies frames until the stream ends (like {@code stdcopy.StdCopy}). */
    public static void copy(InputStream in, Sink stdout, Sink stderr) throws IOException {
        byte[] header = new byte[8];
        while (true) {
            int n = readFully(in, header);
            if (n == 0) {
                return;
            }
            if (n < header.length) {
                throw new EOFException("unexpected EOF");
            }
            int stream = header[0] & 0xff;
            long length = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8)
                    | (header[7] & 0xffL);
            if (length > Integer.MAX_VALUE - 8) {
                throw new CliException("log frame too large: " + length + " bytes");
            }
            byte[] payload = new byte[(int) length];
            if (readFully(in, payload) < payload.length) {
                throw new EOFException("unexpected EOF");
            }
            switch (stream) {
                case 0, 1 -> stdout.frame(payload);
                case 2 -> stderr.frame(payload);
                case 3 -> throw new CliException("error from daemon in stream: "
                        + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
                default -> throw new CliException("Unrecognized input header: " + stream);
            }
        }
    }

    /** Reads until {@code buf} is full or the stream ends; returns the bytes read. */
    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int r = in.read(buf, off, buf.length - off);
            if (r < 0) {
                break;
            }
            off += r;
        }
        return off;
    }

    /** One frame as the daemon would write it (for tests and tools). */
    public static byte[] frame(int stream, byte[] payload) {
        byte[] out = Arrays.copyOf(new byte[] {(byte) stream, 0, 0, 0,
                (byte) (payload.length >>> 24), (byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
                (byte) payload.length}, 8 + payload.length);
        System.arraycopy(payload, 0, out, 8, payload.length);
        return out;
    }
}
