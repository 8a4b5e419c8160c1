package io.shoal.store.codec;

/**
 * The byte before every value in a stream. Values describe themselves, so a reader can skip a
 * field it does not know and widen a number whose declared type grew.
 */
final class Tag {
    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    /** Zig-zag varint. */
    static final byte INT = 3;
    /** Zig-zag varint. */
    static final byte LONG = 4;
    /** The IEEE bits, 8 bytes little-endian. */
    static final byte DOUBLE = 5;
    /** The IEEE bits, 4 bytes little-endian. */
    static final byte FLOAT = 6;
    /** Varint length, UTF-8 bytes; the string takes the next index of the stream's string table. */
    static final byte STRING_NEW = 7;
    /** Varint index into the stream's string table. */
    static final byte STRING_REF = 8;
    /** Zig-zag varint epoch seconds, varint nanoseconds. */
    static final byte INSTANT = 9;
    /** Varint count, then the elements. */
    static final byte LIST = 10;
    /** Varint count, then key (a string value) and value pairs. */
    static final byte MAP = 11;
    /** A record type's first use: class name and component names (string values), then the components. */
    static final byte RECORD_DEF = 12;
    /** Varint index of a record type defined earlier in the stream, then the components. */
    static final byte RECORD = 13;
    /** A record that later values may refer to: it takes the next index of the shared table. */
    static final byte SHARED_NEW = 14;
    /** Varint index into the stream's shared table: a record equal to one written before. */
    static final byte SHARED_REF = 15;
    /** Varint length, then the value as JSON (JsonNode and untyped Object fields). */
    static final byte JSON = 16;
    /** Varint count, then the elements. */
    static final byte SET = 17;
    /**
     * A JsonNode tree, node kinds kept exactly (a LongNode reads back as a LongNode, not as the
     * IntNode JSON text would give): a kind byte ({@link JsonKind}), then its payload.
     */
    static final byte JSON_NODE = 18;
    /** Zig-zag varint seconds, varint nanoseconds. */
    static final byte DURATION = 19;
    /** The decimal digits as a string value. */
    static final byte BIG_INTEGER = 20;
    /** BigDecimal.toString() as a string value (keeps the scale). */
    static final byte DECIMAL = 21;

    private Tag() {}

    static String name(int tag) {
        return switch (tag) {
            case NULL -> "null";
            case FALSE, TRUE -> "boolean";
            case INT -> "int";
            case LONG -> "long";
            case DOUBLE -> "double";
            case FLOAT -> "float";
            case STRING_NEW, STRING_REF -> "string";
            case INSTANT -> "instant";
            case LIST -> "list";
            case MAP -> "map";
            case RECORD_DEF, RECORD, SHARED_NEW, SHARED_REF -> "record";
            case JSON -> "json";
            case SET -> "set";
            case JSON_NODE -> "JSON node";
            case DURATION -> "duration";
            case BIG_INTEGER -> "big integer";
            case DECIMAL -> "decimal";
            default -> "unknown tag " + tag;
        };
    }
}
