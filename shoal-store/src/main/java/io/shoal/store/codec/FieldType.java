package io.shoal.store.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one declared type (a record component, a list element, a map value) is written and read.
 * Reads accept what a differently-typed writer of the same field may have produced where that is
 * lossless (an int where a long is declared), and refuse the rest: never a silent misread.
 */
abstract sealed class FieldType {
    /** Writes {@code value} (possibly null) with its tag. */
    abstract void write(Encoder out, Object value);

    /** Reads a value whose tag was {@code tag}; NULL has been handled unless {@link #readsNull}. */
    abstract Object read(Decoder in, int tag);

    /** The value of a field that the writer did not have (a field added since). */
    Object absent() {
        return null;
    }

    /** A shareable record reads its own SHARED tags; every other type sees them resolved. */
    boolean readsShared() {
        return false;
    }

    abstract String describe();

    final IllegalArgumentException mismatch(int tag) {
        return new IllegalArgumentException("a " + Tag.name(tag) + " where a " + describe() + " is expected");
    }

    static final class StringType extends FieldType {
        static final StringType INSTANCE = new StringType();

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.string((String) value);
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag == Tag.STRING_NEW || tag == Tag.STRING_REF) {
                return in.stringAfter(tag);
            }
            throw mismatch(tag);
        }

        @Override
        String describe() {
            return "string";
        }
    }

    static final class IntType extends FieldType {
        private final Object absent;

        IntType(boolean primitive) {
            this.absent = primitive ? 0 : null;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.tag(Tag.INT);
                out.varlong(zigzag((Integer) value));
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag == Tag.INT || tag == Tag.LONG) {
                long v = unzigzag(in.varlong());
                if (v != (int) v) {
                    throw new IllegalArgumentException("long " + v + " does not fit the int expected");
                }
                return (int) v;
            }
            throw mismatch(tag);
        }

        @Override
        Object absent() {
            return absent;
        }

        @Override
        String describe() {
            return "int";
        }
    }

    static final class LongType extends FieldType {
        private final Object absent;

        LongType(boolean primitive) {
            this.absent = primitive ? 0L : null;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.tag(Tag.LONG);
                out.varlong(zigzag((Long) value));
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag == Tag.INT || tag == Tag.LONG) {
                return unzigzag(in.varlong());
            }
            throw mismatch(tag);
        }

        @Override
        Object absent() {
            return absent;
        }

        @Override
        String describe() {
            return "long";
        }
    }

    static final class DoubleType extends FieldType {
        private final Object absent;

        DoubleType(boolean primitive) {
            this.absent = primitive ? 0.0 : null;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.tag(Tag.DOUBLE);
                out.fixed64(Double.doubleToRawLongBits((Double) value));
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            return switch (tag) {
                case Tag.DOUBLE -> Double.longBitsToDouble(in.fixed64());
                case Tag.FLOAT -> (double) Float.intBitsToFloat(in.fixed32());
                default -> throw mismatch(tag);
            };
        }

        @Override
        Object absent() {
            return absent;
        }

        @Override
        String describe() {
            return "double";
        }
    }

    static final class FloatType extends FieldType {
        private final Object absent;

        FloatType(boolean primitive) {
            this.absent = primitive ? 0.0f : null;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.tag(Tag.FLOAT);
                out.fixed32(Float.floatToRawIntBits((Float) value));
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag == Tag.FLOAT) {
                return Float.intBitsToFloat(in.fixed32());
            }
            throw mismatch(tag);
        }

        @Override
        Object absent() {
            return absent;
        }

        @Override
        String describe() {
            return "float";
        }
    }

    static final class BooleanType extends FieldType {
        private final Object absent;

        BooleanType(boolean primitive) {
            this.absent = primitive ? Boolean.FALSE : null;
        }

        @Override
        void write(Encoder out, Object value) {
            out.tag(value == null ? Tag.NULL : (Boolean) value ? Tag.TRUE : Tag.FALSE);
        }

        @Override
        Object read(Decoder in, int tag) {
            return switch (tag) {
                case Tag.TRUE -> Boolean.TRUE;
                case Tag.FALSE -> Boolean.FALSE;
                default -> throw mismatch(tag);
            };
        }

        @Override
        Object absent() {
            return absent;
        }

        @Override
        String describe() {
            return "boolean";
        }
    }

    static final class InstantType extends FieldType {
        static final InstantType INSTANCE = new InstantType();

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                Instant i = (Instant) value;
                out.tag(Tag.INSTANT);
                out.varlong(zigzag(i.getEpochSecond()));
                out.varlong(i.getNano());
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag == Tag.INSTANT) {
                long seconds = unzigzag(in.varlong());
                return Instant.ofEpochSecond(seconds, in.varlong());
            }
            throw mismatch(tag);
        }

        @Override
        String describe() {
            return "instant";
        }
    }

    /** An enum constant travels by its Java name: the JSON wire word may change, the constant may not. */
    static final class EnumType extends FieldType {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumType(Class<?> type) {
            this.type = type;
            for (Object c : type.getEnumConstants()) {
                byName.put(((Enum<?>) c).name(), c);
            }
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.string(((Enum<?>) value).name());
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != Tag.STRING_NEW && tag != Tag.STRING_REF) {
                throw mismatch(tag);
            }
            String name = in.stringAfter(tag);
            Object c = byName.get(name);
            if (c == null) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no constant " + name);
            }
            return c;
        }

        @Override
        String describe() {
            return type.getSimpleName();
        }
    }

    static final class ListType extends FieldType {
        private final FieldType element;

        ListType(FieldType element) {
            this.element = element;
        }

        FieldType element() {
            return element;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
                return;
            }
            List<?> list = (List<?>) value;
            out.tag(Tag.LIST);
            out.varlong(list.size());
            for (Object e : list) {
                element.write(out, e);
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != Tag.LIST) {
                throw mismatch(tag);
            }
            int n = in.count();
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(in.value(element));
            }
            return Collections.unmodifiableList(list);
        }

        @Override
        String describe() {
            return "list of " + element.describe();
        }
    }

    static final class SetType extends FieldType {
        private final FieldType element;

        SetType(FieldType element) {
            this.element = element;
        }

        FieldType element() {
            return element;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
                return;
            }
            Set<?> set = (Set<?>) value;
            out.tag(Tag.SET);
            out.varlong(set.size());
            for (Object e : set) {
                element.write(out, e);
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != Tag.SET) {
                throw mismatch(tag);
            }
            int n = in.count();
            Set<Object> set = new LinkedHashSet<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                set.add(in.value(element));
            }
            return Collections.unmodifiableSet(set);
        }

        @Override
        String describe() {
            return "set of " + element.describe();
        }
    }

    /** Maps keyed by strings, in their iteration order (what the JSON API shows). */
    static final class MapType extends FieldType {
        private final FieldType value;

        MapType(FieldType value) {
            this.value = value;
        }

        FieldType value() {
            return value;
        }

        @Override
        void write(Encoder out, Object map) {
            if (map == null) {
                out.tag(Tag.NULL);
                return;
            }
            Map<?, ?> m = (Map<?, ?>) map;
            out.tag(Tag.MAP);
            out.varlong(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                StringType.INSTANCE.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != Tag.MAP) {
                throw mismatch(tag);
            }
            int n = in.count();
            Map<String, Object> m = new LinkedHashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                String k = (String) in.value(StringType.INSTANCE);
                m.put(k, in.value(value));
            }
            return Collections.unmodifiableMap(m);
        }

        @Override
        String describe() {
            return "map of " + value.describe();
        }
    }

    /**
     * Values the model keeps as free-form JSON (JsonNode, untyped Object): written as the shared
     * mapper's JSON, which is how they reached Shoal in the first place.
     */
    static final class JsonType extends FieldType {
        private final Class<?> type;

        JsonType(Class<?> type) {
            this.type = type;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
                return;
            }
            byte[] json = Json.writeBytes(value);
            out.tag(Tag.JSON);
            out.varlong(json.length);
            out.bytes(json, 0, json.length);
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != Tag.JSON) {
                throw mismatch(tag);
            }
            int n = in.count();
            int at = in.skipBytes(n);
            try {
                if (JsonNode.class.isAssignableFrom(type)) {
                    return type.cast(Json.mapper().readTree(in.buffer(), at, n));
                }
                return Json.mapper().readValue(in.buffer(), at, n, type);
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt JSON value", e);
            }
        }

        @Override
        String describe() {
            return "JSON " + type.getSimpleName();
        }
    }

    /** A record, by its components' names; shared records are written once per stream. */
    static final class RecordType extends FieldType {
        private final RecordCodec codec;
        private final Class<?> type;
        private final boolean shared;
        private volatile Shape shape;

        RecordType(RecordCodec codec, Class<?> type, boolean shared) {
            this.codec = codec;
            this.type = type;
            this.shared = shared;
        }

        Class<?> type() {
            return type;
        }

        Shape shape() {
            Shape s = shape;
            if (s == null) {
                s = codec.shapeOf(type);
                shape = s;
            }
            return s;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else if (shared) {
                out.sharedRecord(shape(), value);
            } else {
                out.record(shape(), value);
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            return switch (tag) {
                case Tag.RECORD_DEF, Tag.RECORD -> in.recordAfter(tag, shape());
                case Tag.SHARED_NEW, Tag.SHARED_REF -> in.sharedAfter(tag, this);
                default -> throw mismatch(tag);
            };
        }

        @Override
        boolean readsShared() {
            return true;
        }

        @Override
        String describe() {
            return type.getSimpleName();
        }
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
