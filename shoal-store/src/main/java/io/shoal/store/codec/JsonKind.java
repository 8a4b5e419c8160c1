package io.shoal.store.codec;

/** The kind byte after {@link Tag#JSON_NODE}. */
final class JsonKind {
    /** Varint count, then key (string value) and node pairs. */
    static final byte OBJECT = 1;
    /** Varint count, then the nodes. */
    static final byte ARRAY = 2;
    /** A string value. */
    static final byte TEXT = 3;
    /** Zig-zag varint. */
    static final byte INT = 4;
    /** Zig-zag varint. */
    static final byte LONG = 5;
    /** Zig-zag varint. */
    static final byte SHORT = 6;
    /** 8 bytes. */
    static final byte DOUBLE = 7;
    /** 4 bytes. */
    static final byte FLOAT = 8;
    /** The decimal digits as a string value. */
    static final byte BIG_INTEGER = 9;
    /** BigDecimal.toString() as a string value (keeps the scale). */
    static final byte DECIMAL = 10;
    static final byte TRUE = 11;
    static final byte FALSE = 12;
    static final byte NULL = 13;
    static final byte MISSING = 14;
    /** Varint length, then the bytes. */
    static final byte BINARY = 15;

    private JsonKind() {}
}
