package io.shoal.store.codec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A compact binary form of the store's immutable records, for the Raft log and snapshots.
 * <p>
 * Jackson spent most of a write's CPU turning every object into a tree and back. This codec walks
 * a record's components directly and writes each value with a one-byte tag. Within one stream
 * (one proposal, one block of a snapshot) a string, a record type's component names, and a
 * <em>shared</em> record (one of {@code sharedTypes}, compared by equality: a task's spec, which
 * all tasks of a service repeat) are written once and referred to by index afterwards; readers
 * get the same shared instance back.
 * <p>
 * Records are matched by component name, so a field added or removed between the writer's and
 * the reader's version is read as absent (null, or zero) or skipped, as with JSON. A value of
 * another kind than the reader declares fails loudly rather than being misread. Components may be
 * strings, numbers, booleans, instants, durations, enums, records, sealed interfaces of records,
 * lists, sets, maps keyed by strings or enums, and free-form JSON ({@link JsonNode}, {@code Object},
 * kept with their exact node and value types); {@link #check} refuses anything else up front.
 * <p>
 * Thread-safe: the shapes it learns are immutable and cached; {@link Encoder} and {@link Decoder}
 * are single-use and single-threaded.
 */
public final class RecordCodec {
    /** A bound on what corrupt or hostile streams can make the cache hold. */
    private static final int MAX_CACHED_DEFINITIONS = 4096;

    private final Set<Class<?>> sharedTypes;
    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();
    private final Map<Class<?>, FieldType.RecordType> recordTypes = new ConcurrentHashMap<>();
    private final AtomicInteger shapeIds = new AtomicInteger();
    /** Type definitions read from streams, by their bytes: most streams repeat the same few dozen. */
    private final Map<TypeDefinition.Key, TypeDefinition> definitions = new ConcurrentHashMap<>();

    /** @param sharedTypes record types worth writing once per stream and sharing on read */
    public RecordCodec(Set<Class<?>> sharedTypes) {
        this.sharedTypes = Set.copyOf(requireNonNull(sharedTypes, "sharedTypes is null"));
    }

    /** A new stream to write. */
    public Encoder encoder() {
        return new Encoder(this, 256);
    }

    /** A stream of {@code length} bytes at {@code offset} of {@code buffer}, to read. */
    public Decoder decoder(byte[] buffer, int offset, int length) {
        return new Decoder(this, buffer, offset, length);
    }

    /** Learns {@code type} and every type it holds now, failing if one is not supported. */
    public void check(Class<?> type) {
        check(type, new java.util.HashSet<>());
    }

    private void check(Class<?> type, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        for (FieldType f : shapeOf(type).fields) {
            checkField(f, seen);
        }
    }

    private void checkField(FieldType f, Set<Class<?>> seen) {
        switch (f) {
            case FieldType.RecordType r -> check(r.type(), seen);
            case FieldType.SealedType p -> {
                for (Class<?> c : p.type().getPermittedSubclasses()) {
                    check(c, seen);
                }
            }
            case FieldType.ListType l -> checkField(l.element(), seen);
            case FieldType.SetType s -> checkField(s.element(), seen);
            case FieldType.MapType m -> checkField(m.value(), seen);
            default -> { }
        }
    }

    /** The definition whose bytes are {@code length} bytes at {@code offset} of {@code buffer}. */
    TypeDefinition definition(byte[] buffer, int offset, int length) {
        TypeDefinition.Key probe = TypeDefinition.Key.of(buffer, offset, length);
        TypeDefinition d = definitions.get(probe);
        if (d == null) {
            d = TypeDefinition.decode(buffer, offset, length);
            if (definitions.size() < MAX_CACHED_DEFINITIONS) {
                TypeDefinition raced = definitions.putIfAbsent(probe.copy(), d);
                d = raced == null ? d : raced;
            }
        }
        return d;
    }

    FieldType.RecordType recordType(Class<?> type) {
        FieldType.RecordType t = recordTypes.get(type);
        if (t == null) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            t = new FieldType.RecordType(this, type, sharedTypes.contains(type));
            FieldType.RecordType raced = recordTypes.putIfAbsent(type, t);
            t = raced == null ? t : raced;
        }
        return t;
    }

    Shape shapeOf(Class<?> type) {
        Shape s = shapes.get(type);
        if (s == null) {
            // Not computeIfAbsent: nested record types are resolved lazily, but keep this re-entrant anyway.
            s = buildShape(type);
            Shape raced = shapes.putIfAbsent(type, s);
            s = raced == null ? s : raced;
        }
        return s;
    }

    private Shape buildShape(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        FieldType[] fields = new FieldType[components.length];
        for (int i = 0; i < components.length; i++) {
            fields[i] = fieldType(components[i].getGenericType(),
                    type.getSimpleName() + "." + components[i].getName());
        }
        return new Shape(shapeIds.getAndIncrement(), type, fields);
    }

    private FieldType fieldType(Type t, String where) {
        if (t instanceof Class<?> c) {
            if (c == String.class) {
                return FieldType.StringType.INSTANCE;
            } else if (c == int.class || c == Integer.class) {
                return new FieldType.IntType(c.isPrimitive());
            } else if (c == long.class || c == Long.class) {
                return new FieldType.LongType(c.isPrimitive());
            } else if (c == double.class || c == Double.class) {
                return new FieldType.DoubleType(c.isPrimitive());
            } else if (c == float.class || c == Float.class) {
                return new FieldType.FloatType(c.isPrimitive());
            } else if (c == boolean.class || c == Boolean.class) {
                return new FieldType.BooleanType(c.isPrimitive());
            } else if (c == short.class || c == Short.class) {
                return new FieldType.ShortType(c.isPrimitive());
            } else if (c == Instant.class) {
                return FieldType.InstantType.INSTANCE;
            } else if (c == Duration.class) {
                return FieldType.DurationType.INSTANCE;
            } else if (c == BigInteger.class || c == BigDecimal.class) {
                return new FieldType.BigNumberType(c == BigDecimal.class);
            } else if (c.isEnum()) {
                return new FieldType.EnumType(c);
            } else if (c.isRecord()) {
                return recordType(c);
            } else if (c.isSealed() && c.isInterface() && allRecords(c)) {
                return new FieldType.SealedType(this, c);
            } else if (JsonNode.class.isAssignableFrom(c)) {
                return new FieldType.JsonNodeType(c);
            } else if (c == Object.class) {
                return FieldType.ObjectType.INSTANCE;
            }
        } else if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                return new FieldType.ListType(fieldType(args[0], where + "[]"));
            } else if (raw == Set.class) {
                return new FieldType.SetType(fieldType(args[0], where + "[]"));
            } else if (raw == Map.class && (args[0] == String.class
                    || args[0] instanceof Class<?> k && k.isEnum())) {
                return new FieldType.MapType(fieldType(args[0], where + "{key}"), fieldType(args[1], where + "{}"));
            }
        }
        throw new IllegalArgumentException("the store cannot encode " + where + " of type " + t.getTypeName()
                + " (supported: String, int, long, short, double, float, boolean and their boxes, BigInteger,"
                + " BigDecimal, Instant, Duration, enums, records, sealed interfaces of records, List, Set, Map"
                + " with String or enum keys, JsonNode, Object)");
    }

    private static boolean allRecords(Class<?> sealed) {
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (!c.isRecord()) {
                return false;
            }
        }
        return true;
    }
}
