package io.shoal.store.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads one stream written by an {@link Encoder}. Not thread-safe. */
public final class Decoder {
    private static final Object UNRESOLVED = new Object();
    private static final FieldType LONG = new FieldType.LongType(true);
    private static final FieldType INT = new FieldType.IntType(true);

    private final RecordCodec codec;
    private final byte[] buf;
    private final int end;
    private int pos;
    private final List<String> strings = new ArrayList<>();
    private final List<TypeDefinition> types = new ArrayList<>();
    private final List<Object> shared = new ArrayList<>();

    Decoder(RecordCodec codec, byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length + " of " + buf.length);
        }
        this.codec = codec;
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    // ---- the stream's top-level values -------------------------------------------------------

    public boolean atEnd() {
        return pos >= end;
    }

    public long readLong() {
        return (Long) value(LONG);
    }

    public int readInt() {
        return (Integer) value(INT);
    }

    public String readString() {
        return (String) value(FieldType.StringType.INSTANCE);
    }

    public Instant readInstant() {
        return (Instant) value(FieldType.InstantType.INSTANCE);
    }

    /** A record of {@code type} (or null), as written by {@link Encoder#writeRecord}. */
    public <T> T readRecord(Class<T> type) {
        return type.cast(value(codec.recordType(type)));
    }

    // ---- values ------------------------------------------------------------------------------

    Object value(FieldType type) {
        int tag = nextByte();
        if (tag == Tag.NULL) {
            return null;
        }
        if ((tag == Tag.SHARED_NEW || tag == Tag.SHARED_REF) && !type.readsShared()) {
            throw type.mismatch(tag);
        }
        return type.read(this, tag);
    }

    Object recordAfter(int tag, Shape shape) {
        TypeDefinition st = tag == Tag.RECORD_DEF ? defineType() : streamType(count());
        int[] local = st.bind(shape);
        Object[] args = shape.absentValues();
        FieldType[] fields = shape.fields;
        for (int i = 0; i < local.length; i++) {
            int li = local[i];
            if (li < 0) {
                skip(); // a field this version does not have
            } else {
                args[li] = value(fields[li]);
            }
        }
        return shape.construct(args);
    }

    Object sharedAfter(int tag, FieldType.RecordType type) {
        if (tag == Tag.SHARED_REF) {
            int index = count();
            if (index >= shared.size()) {
                throw new IllegalArgumentException("shared record " + index + " not defined");
            }
            Object v = shared.get(index);
            if (v == UNRESOLVED || v == null) {
                throw new IllegalArgumentException("shared record " + index + " was written in a field this version"
                        + " does not know, as a type it cannot load");
            }
            if (!type.type().isInstance(v)) {
                throw new IllegalArgumentException("shared " + v.getClass().getSimpleName() + " read as "
                        + type.describe());
            }
            return v;
        }
        int slot = shared.size();
        shared.add(null);
        int inner = nextByte();
        if (inner != Tag.RECORD_DEF && inner != Tag.RECORD) {
            throw type.mismatch(inner);
        }
        Object v = recordAfter(inner, type.shape());
        shared.set(slot, v);
        return v;
    }

    /** A record written for a sealed interface: its definition names the class, which must implement it. */
    Object polymorphicAfter(int tag, Class<?> sealed) {
        String className = tag == Tag.RECORD_DEF ? peekDefinition().className : streamType(peekCount()).className;
        Class<?> c = loadRecord(className);
        if (c == null || !sealed.isAssignableFrom(c)) {
            throw new IllegalArgumentException("a " + className + " where a " + sealed.getSimpleName()
                    + " is expected");
        }
        return recordAfter(tag, codec.recordType(c).shape());
    }

    String stringAfter(int tag) {
        if (tag == Tag.STRING_REF) {
            int index = count();
            if (index >= strings.size()) {
                throw new IllegalArgumentException("string " + index + " not defined");
            }
            return strings.get(index);
        }
        int n = count();
        int at = skipBytes(n);
        String s = new String(buf, at, n, UTF_8); // the JDK copies pure ASCII without decoding
        strings.add(s);
        return s;
    }

    private TypeDefinition defineType() {
        int n = count();
        TypeDefinition d = codec.definition(buf, skipBytes(n), n);
        types.add(d);
        return d;
    }

    private TypeDefinition streamType(int index) {
        if (index >= types.size()) {
            throw new IllegalArgumentException("record type " + index + " not defined");
        }
        return types.get(index);
    }

    /** Reads past one value this reader has no field for, keeping the stream's tables in step. */
    private void skip() {
        int tag = nextByte();
        switch (tag) {
            case Tag.NULL, Tag.FALSE, Tag.TRUE -> { }
            case Tag.INT, Tag.LONG, Tag.STRING_REF, Tag.SHARED_REF -> varlong();
            case Tag.DOUBLE -> skipBytes(8);
            case Tag.FLOAT -> skipBytes(4);
            case Tag.STRING_NEW -> stringAfter(tag);
            case Tag.INSTANT -> {
                varlong();
                varlong();
            }
            case Tag.LIST, Tag.SET -> {
                int n = count();
                for (int i = 0; i < n; i++) {
                    skip();
                }
            }
            case Tag.MAP -> {
                int n = count();
                for (int i = 0; i < 2 * n; i++) {
                    skip();
                }
            }
            case Tag.RECORD_DEF, Tag.RECORD -> {
                TypeDefinition st = tag == Tag.RECORD_DEF ? defineType() : streamType(count());
                for (int i = 0; i < st.names.length; i++) {
                    skip();
                }
            }
            case Tag.SHARED_NEW -> skipShared();
            case Tag.JSON -> skipBytes(count());
            case Tag.JSON_NODE -> FieldType.readNode(this);
            case Tag.DURATION -> {
                varlong();
                varlong();
            }
            case Tag.BIG_INTEGER, Tag.DECIMAL -> skip();
            default -> throw new IllegalArgumentException("corrupt stream: tag " + tag + " at " + (pos - 1));
        }
    }

    /**
     * A shared record in a field this version does not know may be referred to from one it does:
     * decode it if its class is here, else remember that it cannot be.
     */
    private void skipShared() {
        int slot = shared.size();
        shared.add(UNRESOLVED);
        int mark = pos;
        int inner = nextByte();
        String className = switch (inner) {
            case Tag.RECORD_DEF -> peekDefinition().className;
            case Tag.RECORD -> streamType(peekCount()).className;
            default -> throw new IllegalArgumentException("corrupt stream: shared value is not a record at " + mark);
        };
        Class<?> local = loadRecord(className);
        if (local == null) {
            pos = mark;
            skip();
            return;
        }
        shared.set(slot, recordAfter(inner, codec.recordType(local).shape()));
    }

    /** The type definition at the current position, without moving past it or adding it to the stream's types. */
    private TypeDefinition peekDefinition() {
        int save = pos;
        try {
            int n = count();
            return codec.definition(buf, skipBytes(n), n);
        } finally {
            pos = save;
        }
    }

    private int peekCount() {
        int save = pos;
        try {
            return count();
        } finally {
            pos = save;
        }
    }

    private static Class<?> loadRecord(String className) {
        try {
            Class<?> c = Class.forName(className, false, Decoder.class.getClassLoader());
            return c.isRecord() ? c : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    // ---- primitives --------------------------------------------------------------------------

    int nextByte() {
        if (pos >= end) {
            throw new IllegalArgumentException("stream ends early at " + pos);
        }
        return buf[pos++];
    }

    long varlong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = nextByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("corrupt varint at " + pos);
    }

    /** A non-negative count or index that fits an int. */
    int count() {
        long v = varlong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("corrupt count " + v + " at " + pos);
        }
        return (int) v;
    }

    long fixed64() {
        int at = skipBytes(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[at + i] & 0xFF);
        }
        return v;
    }

    int fixed32() {
        int at = skipBytes(4);
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (buf[at + i] & 0xFF);
        }
        return v;
    }

    /** An initial capacity for {@code n} elements: each takes a byte at least, so a damaged count cannot ask for more. */
    int capacityFor(int n) {
        return Math.min(n, end - pos);
    }

    /** Moves past {@code n} bytes and returns where they start. */
    int skipBytes(int n) {
        if (n < 0 || n > end - pos) {
            throw new IllegalArgumentException("stream ends early: " + n + " bytes wanted at " + pos);
        }
        int at = pos;
        pos += n;
        return at;
    }

    byte[] buffer() {
        return buf;
    }
}
