package io.shoal.store.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shoal.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
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
            List<Object> list = new ArrayList<>(in.capacityFor(n));
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
            Set<Object> set = new LinkedHashSet<>(2 * in.capacityFor(n));
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

    /** Maps keyed by strings or enum constants, in their iteration order (what the JSON API shows). */
    static final class MapType extends FieldType {
        private final FieldType key;
        private final FieldType value;

        MapType(FieldType key, FieldType value) {
            this.key = key;
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
                key.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != Tag.MAP) {
                throw mismatch(tag);
            }
            int n = in.count();
            Map<Object, Object> m = new LinkedHashMap<>(2 * in.capacityFor(n));
            for (int i = 0; i < n; i++) {
                Object k = in.value(key);
                m.put(k, in.value(value));
            }
            return Collections.unmodifiableMap(m);
        }

        @Override
        String describe() {
            return "map of " + key.describe() + " to " + value.describe();
        }
    }

    static final class ShortType extends FieldType {
        private final Object absent;

        ShortType(boolean primitive) {
            this.absent = primitive ? (short) 0 : null;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.tag(Tag.INT);
                out.varlong(zigzag((Short) value));
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag == Tag.INT || tag == Tag.LONG) {
                long v = unzigzag(in.varlong());
                if (v != (short) v) {
                    throw new IllegalArgumentException(v + " does not fit the short expected");
                }
                return (short) v;
            }
            throw mismatch(tag);
        }

        @Override
        Object absent() {
            return absent;
        }

        @Override
        String describe() {
            return "short";
        }
    }

    static final class DurationType extends FieldType {
        static final DurationType INSTANCE = new DurationType();

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                Duration d = (Duration) value;
                out.tag(Tag.DURATION);
                out.varlong(zigzag(d.getSeconds()));
                out.varlong(d.getNano());
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag == Tag.DURATION) {
                long seconds = unzigzag(in.varlong());
                return Duration.ofSeconds(seconds, in.varlong());
            }
            throw mismatch(tag);
        }

        @Override
        String describe() {
            return "duration";
        }
    }

    /** BigInteger and BigDecimal, as their exact decimal text. */
    static final class BigNumberType extends FieldType {
        private final boolean decimal;

        BigNumberType(boolean decimal) {
            this.decimal = decimal;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.tag(decimal ? Tag.DECIMAL : Tag.BIG_INTEGER);
                out.string(value.toString());
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != (decimal ? Tag.DECIMAL : Tag.BIG_INTEGER)) {
                throw mismatch(tag);
            }
            String digits = (String) in.value(StringType.INSTANCE);
            try {
                return decimal ? new BigDecimal(digits) : new BigInteger(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("corrupt number " + digits, e);
            }
        }

        @Override
        String describe() {
            return decimal ? "decimal" : "big integer";
        }
    }

    /** A sealed interface whose implementations are records: each value names its record type. */
    static final class SealedType extends FieldType {
        private final RecordCodec codec;
        private final Class<?> type;

        SealedType(RecordCodec codec, Class<?> type) {
            this.codec = codec;
            this.type = type;
        }

        Class<?> type() {
            return type;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                out.record(codec.recordType(value.getClass()).shape(), value);
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            if (tag != Tag.RECORD_DEF && tag != Tag.RECORD) {
                throw mismatch(tag);
            }
            return in.polymorphicAfter(tag, type);
        }

        @Override
        String describe() {
            return type.getSimpleName();
        }
    }

    /**
     * A free-form JSON tree (the parts of Docker's API Shoal passes through). Written node by
     * node with its exact kind, so it reads back equal: the leader keeps the tree it was given,
     * the other members must hold an equal one.
     */
    static final class JsonNodeType extends FieldType {
        private final Class<?> type;

        JsonNodeType(Class<?> type) {
            this.type = type;
        }

        @Override
        void write(Encoder out, Object value) {
            if (value == null) {
                out.tag(Tag.NULL);
            } else {
                writeNode(out, (JsonNode) value);
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            Object node = switch (tag) {
                case Tag.JSON_NODE -> readNode(in);
                case Tag.JSON -> readJson(in, JsonNode.class);
                default -> throw mismatch(tag);
            };
            if (!type.isInstance(node)) {
                throw new IllegalArgumentException("a " + node.getClass().getSimpleName() + " where a "
                        + type.getSimpleName() + " is expected");
            }
            return node;
        }

        @Override
        String describe() {
            return type.getSimpleName();
        }
    }

    /**
     * An untyped value (a field declared {@code Object}, as in a map of options): strings,
     * numbers, booleans, lists, string-keyed maps and JSON trees keep their exact Java types;
     * anything else goes as JSON text, which may not read back equal.
     */
    static final class ObjectType extends FieldType {
        static final ObjectType INSTANCE = new ObjectType();

        @Override
        void write(Encoder out, Object value) {
            switch (value) {
                case null -> out.tag(Tag.NULL);
                case String s -> out.string(s);
                case Integer i -> {
                    out.tag(Tag.INT);
                    out.varlong(zigzag(i));
                }
                case Long l -> {
                    out.tag(Tag.LONG);
                    out.varlong(zigzag(l));
                }
                case Double d -> {
                    out.tag(Tag.DOUBLE);
                    out.fixed64(Double.doubleToRawLongBits(d));
                }
                case Float f -> {
                    out.tag(Tag.FLOAT);
                    out.fixed32(Float.floatToRawIntBits(f));
                }
                case Boolean b -> out.tag(b ? Tag.TRUE : Tag.FALSE);
                case JsonNode n -> writeNode(out, n);
                case List<?> list -> {
                    out.tag(Tag.LIST);
                    out.varlong(list.size());
                    for (Object e : list) {
                        write(out, e);
                    }
                }
                case Map<?, ?> map when map.keySet().stream().allMatch(k -> k instanceof String) -> {
                    out.tag(Tag.MAP);
                    out.varlong(map.size());
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        out.string((String) e.getKey());
                        write(out, e.getValue());
                    }
                }
                default -> writeJson(out, value);
            }
        }

        @Override
        Object read(Decoder in, int tag) {
            return switch (tag) {
                case Tag.STRING_NEW, Tag.STRING_REF -> in.stringAfter(tag);
                case Tag.INT -> (int) unzigzag(in.varlong());
                case Tag.LONG -> unzigzag(in.varlong());
                case Tag.DOUBLE -> Double.longBitsToDouble(in.fixed64());
                case Tag.FLOAT -> Float.intBitsToFloat(in.fixed32());
                case Tag.TRUE -> Boolean.TRUE;
                case Tag.FALSE -> Boolean.FALSE;
                case Tag.JSON_NODE -> readNode(in);
                case Tag.LIST -> {
                    int n = in.count();
                    List<Object> list = new ArrayList<>(in.capacityFor(n));
                    for (int i = 0; i < n; i++) {
                        list.add(in.value(this));
                    }
                    yield Collections.unmodifiableList(list);
                }
                case Tag.MAP -> {
                    int n = in.count();
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        String k = (String) in.value(StringType.INSTANCE);
                        m.put(k, in.value(this));
                    }
                    yield Collections.unmodifiableMap(m);
                }
                case Tag.JSON -> readJson(in, Object.class);
                default -> throw mismatch(tag);
            };
        }

        @Override
        String describe() {
            return "value";
        }
    }

    static void writeNode(Encoder out, JsonNode node) {
        out.tag(Tag.JSON_NODE);
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.tag(JsonKind.OBJECT);
                out.varlong(node.size());
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    out.string(e.getKey());
                    writeNode(out, e.getValue());
                }
            }
            case ARRAY -> {
                out.tag(JsonKind.ARRAY);
                out.varlong(node.size());
                for (JsonNode e : node) {
                    writeNode(out, e);
                }
            }
            case STRING -> {
                out.tag(JsonKind.TEXT);
                out.string(node.textValue());
            }
            case NUMBER -> writeNumber(out, node);
            case BOOLEAN -> out.tag(node.booleanValue() ? JsonKind.TRUE : JsonKind.FALSE);
            case NULL -> out.tag(JsonKind.NULL);
            case MISSING -> out.tag(JsonKind.MISSING);
            case BINARY -> {
                byte[] b = ((BinaryNode) node).binaryValue();
                out.tag(JsonKind.BINARY);
                out.varlong(b.length);
                out.bytes(b, 0, b.length);
            }
            // A POJONode holds an arbitrary object: only its JSON can travel (it reads back as a tree).
            case POJO -> {
                out.pos(-1); // take back the JSON_NODE tag
                writeJson(out, node);
            }
        }
    }

    private static void writeNumber(Encoder out, JsonNode node) {
        switch (node) {
            case IntNode n -> {
                out.tag(JsonKind.INT);
                out.varlong(zigzag(n.intValue()));
            }
            case LongNode n -> {
                out.tag(JsonKind.LONG);
                out.varlong(zigzag(n.longValue()));
            }
            case ShortNode n -> {
                out.tag(JsonKind.SHORT);
                out.varlong(zigzag(n.shortValue()));
            }
            case DoubleNode n -> {
                out.tag(JsonKind.DOUBLE);
                out.fixed64(Double.doubleToRawLongBits(n.doubleValue()));
            }
            case FloatNode n -> {
                out.tag(JsonKind.FLOAT);
                out.fixed32(Float.floatToRawIntBits(n.floatValue()));
            }
            case BigIntegerNode n -> {
                out.tag(JsonKind.BIG_INTEGER);
                out.string(n.bigIntegerValue().toString());
            }
            case DecimalNode n -> {
                out.tag(JsonKind.DECIMAL);
                out.string(n.decimalValue().toString());
            }
            default -> throw new IllegalArgumentException("unknown JSON number " + node.getClass().getName());
        }
    }

    static JsonNode readNode(Decoder in) {
        int kind = in.nextByte();
        return switch (kind) {
            case JsonKind.OBJECT -> {
                int n = in.count();
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                for (int i = 0; i < n; i++) {
                    String k = (String) in.value(StringType.INSTANCE);
                    o.set(k, nodeAfterTag(in));
                }
                yield o;
            }
            case JsonKind.ARRAY -> {
                int n = in.count();
                ArrayNode a = JsonNodeFactory.instance.arrayNode(in.capacityFor(n));
                for (int i = 0; i < n; i++) {
                    a.add(nodeAfterTag(in));
                }
                yield a;
            }
            case JsonKind.TEXT -> TextNode.valueOf((String) in.value(StringType.INSTANCE));
            case JsonKind.INT -> IntNode.valueOf((int) unzigzag(in.varlong()));
            case JsonKind.LONG -> LongNode.valueOf(unzigzag(in.varlong()));
            case JsonKind.SHORT -> ShortNode.valueOf((short) unzigzag(in.varlong()));
            case JsonKind.DOUBLE -> DoubleNode.valueOf(Double.longBitsToDouble(in.fixed64()));
            case JsonKind.FLOAT -> FloatNode.valueOf(Float.intBitsToFloat(in.fixed32()));
            case JsonKind.BIG_INTEGER -> BigIntegerNode.valueOf(new BigInteger((String) in.value(StringType.INSTANCE)));
            case JsonKind.DECIMAL -> DecimalNode.valueOf(new BigDecimal((String) in.value(StringType.INSTANCE)));
            case JsonKind.TRUE -> BooleanNode.TRUE;
            case JsonKind.FALSE -> BooleanNode.FALSE;
            case JsonKind.NULL -> NullNode.getInstance();
            case JsonKind.MISSING -> MissingNode.getInstance();
            case JsonKind.BINARY -> {
                int n = in.count();
                yield BinaryNode.valueOf(in.buffer(), in.skipBytes(n), n);
            }
            default -> throw new IllegalArgumentException("unknown JSON node kind " + kind);
        };
    }

    /** A node inside a tree: JSON_NODE (or, for a POJO written as text, JSON) then its payload. */
    private static JsonNode nodeAfterTag(Decoder in) {
        int tag = in.nextByte();
        return switch (tag) {
            case Tag.JSON_NODE -> readNode(in);
            case Tag.JSON -> (JsonNode) readJson(in, JsonNode.class);
            default -> throw new IllegalArgumentException("a " + Tag.name(tag) + " inside a JSON tree");
        };
    }

    private static void writeJson(Encoder out, Object value) {
        byte[] json = Json.writeBytes(value);
        out.tag(Tag.JSON);
        out.varlong(json.length);
        out.bytes(json, 0, json.length);
    }

    private static Object readJson(Decoder in, Class<?> type) {
        int n = in.count();
        int at = in.skipBytes(n);
        try {
            return type == JsonNode.class
                    ? Json.mapper().readTree(in.buffer(), at, n)
                    : Json.mapper().readValue(in.buffer(), at, n, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt JSON value", e);
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
