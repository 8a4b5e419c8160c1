package io.shoal.store.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/** Writes one stream. Not thread-safe; use once. */
public final class Encoder {
    private final RecordCodec codec;
    private byte[] buf;
    private int pos;
    private final Map<String, Integer> strings = new HashMap<>(64);
    /** By shape ID: 1 + the stream's index of the type, or 0 while the stream has not defined it. */
    private int[] types = new int[32];
    private int typeCount;
    /** Shared records by identity first (cheap), then by equality. */
    private final Map<Object, Integer> sharedByIdentity = new IdentityHashMap<>();
    private final Map<Object, Integer> sharedByValue = new HashMap<>();
    private int sharedCount;

    Encoder(RecordCodec codec, int capacity) {
        this.codec = codec;
        this.buf = new byte[capacity];
    }

    // ---- the stream's top-level values -------------------------------------------------------

    public Encoder writeLong(long v) {
        tag(Tag.LONG);
        varlong(FieldType.zigzag(v));
        return this;
    }

    public Encoder writeInt(int v) {
        tag(Tag.INT);
        varlong(FieldType.zigzag(v));
        return this;
    }

    /** A string, or null. */
    public Encoder writeString(String s) {
        FieldType.StringType.INSTANCE.write(this, s);
        return this;
    }

    /** An instant, or null. */
    public Encoder writeInstant(Instant i) {
        FieldType.InstantType.INSTANCE.write(this, i);
        return this;
    }

    /** A record of the given type, or null. */
    public <T> Encoder writeRecord(Class<T> type, T record) {
        codec.recordType(type).write(this, record);
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
    }

    // ---- values ------------------------------------------------------------------------------

    void record(Shape shape, Object value) {
        if (shape.id >= types.length) {
            types = Arrays.copyOf(types, Math.max(types.length * 2, shape.id + 1));
        }
        int t = types[shape.id];
        if (t == 0) {
            types[shape.id] = ++typeCount;
            tag(Tag.RECORD_DEF);
            varlong(shape.definition.length);
            bytes(shape.definition, 0, shape.definition.length);
        } else {
            tag(Tag.RECORD);
            varlong(t - 1);
        }
        FieldType[] fields = shape.fields;
        for (int i = 0; i < fields.length; i++) {
            fields[i].write(this, shape.get(value, i));
        }
    }

    void sharedRecord(Shape shape, Object value) {
        Integer index = sharedByIdentity.get(value);
        if (index == null) {
            index = sharedByValue.get(value);
            if (index != null) {
                sharedByIdentity.put(value, index);
            }
        }
        if (index != null) {
            tag(Tag.SHARED_REF);
            varlong(index);
            return;
        }
        // The index is taken before the record's own components, which may hold shared records too.
        index = sharedCount++;
        sharedByIdentity.put(value, index);
        sharedByValue.put(value, index);
        tag(Tag.SHARED_NEW);
        record(shape, value);
    }

    void string(String s) {
        Integer index = strings.get(s);
        if (index != null) {
            tag(Tag.STRING_REF);
            varlong(index);
            return;
        }
        strings.put(s, strings.size());
        tag(Tag.STRING_NEW);
        int n = s.length();
        ensure(5 + n * 3);
        // Most strings are ASCII (IDs, names, images): copy them without an intermediate array.
        int lengthAt = pos;
        boolean ascii = n < 128;
        if (ascii) {
            pos++; // one-byte varint length, written after the copy
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                buf[pos++] = (byte) c;
            }
            if (ascii) {
                buf[lengthAt] = (byte) n;
                return;
            }
            pos = lengthAt;
        }
        byte[] utf8 = s.getBytes(UTF_8);
        varlong(utf8.length);
        bytes(utf8, 0, utf8.length);
    }

    /** Moves the write position by {@code delta} bytes (back over a tag just written). */
    void pos(int delta) {
        pos += delta;
    }

    void tag(byte tag) {
        ensure(1);
        buf[pos++] = tag;
    }

    void varlong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void fixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    void fixed32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
