package io.shoal.store.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A record type as a writer defined it in a stream: its class name and component names, and, once
 * read, where each of its components goes in the reader's own record of that class.
 * <p>
 * Encoded as varint count, then the class name and each component name as varint length + UTF-8.
 */
final class TypeDefinition {
    final String className;
    final String[] names;
    /** The local shape these names were matched against, and the match; set once. */
    private volatile Binding binding;

    private record Binding(Shape shape, int[] localIndex) {}

    private TypeDefinition(String className, String[] names) {
        this.className = className;
        this.names = names;
    }

    /** For each component the writer wrote, its index in {@code shape}, or -1 (the reader has no such field). */
    int[] bind(Shape shape) {
        Binding b = binding;
        if (b == null) {
            int[] map = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                map[i] = shape.indexOf(names[i]);
            }
            b = new Binding(shape, map);
            binding = b;
        }
        if (b.shape() != shape) {
            throw new IllegalArgumentException("record " + className + " read as " + shape.type.getName());
        }
        return b.localIndex();
    }

    static byte[] encode(String className, String[] names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, names.length);
        string(out, className);
        for (String n : names) {
            string(out, n);
        }
        return out.toByteArray();
    }

    static TypeDefinition decode(byte[] buf, int offset, int length) {
        int[] pos = {offset};
        int end = offset + length;
        int n = varint(buf, pos, end);
        String className = string(buf, pos, end);
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = string(buf, pos, end);
        }
        if (pos[0] != end) {
            throw new IllegalArgumentException("corrupt type definition of " + className);
        }
        return new TypeDefinition(className, names);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(UTF_8);
        varint(out, b.length);
        out.writeBytes(b);
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static String string(byte[] buf, int[] pos, int end) {
        int n = varint(buf, pos, end);
        if (n > end - pos[0]) {
            throw new IllegalArgumentException("corrupt type definition");
        }
        String s = new String(buf, pos[0], n, UTF_8);
        pos[0] += n;
        return s;
    }

    private static int varint(byte[] buf, int[] pos, int end) {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (pos[0] >= end) {
                throw new IllegalArgumentException("corrupt type definition");
            }
            int b = buf[pos[0]++];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (v < 0) {
                    break;
                }
                return v;
            }
        }
        throw new IllegalArgumentException("corrupt type definition");
    }

    /** Definition bytes as a map key: a view into a stream for lookups, a copy when stored. */
    static final class Key {
        private final byte[] buf;
        private final int offset;
        private final int length;
        private final int hash;

        private Key(byte[] buf, int offset, int length, int hash) {
            this.buf = buf;
            this.offset = offset;
            this.length = length;
            this.hash = hash;
        }

        static Key of(byte[] buf, int offset, int length) {
            int h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + buf[i];
            }
            return new Key(buf, offset, length, h);
        }

        Key copy() {
            return new Key(Arrays.copyOfRange(buf, offset, offset + length), 0, length, hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash
                    && Arrays.equals(buf, offset, offset + length, k.buf, k.offset, k.offset + k.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
