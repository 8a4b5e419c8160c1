package io.shoal.store.codec;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** A record class as the codec sees it: its components in declaration order, how to read them and how to build one. */
final class Shape {
    /** Small and dense per codec: an encoder keeps a table indexed by it. */
    final int id;
    final Class<?> type;
    final String[] names;
    final FieldType[] fields;
    /** The accessors, as lambdas: a non-constant MethodHandle call costs several times more. */
    private final Function<Object, Object>[] getters;
    /** The canonical constructor, taking the components as one Object[]. */
    private final MethodHandle constructor;
    private final Object[] absent;
    private final boolean[] primitive;
    private final Map<String, Integer> indexByName = new HashMap<>();
    /** How a stream defines this type: class name and component names, encoded once. */
    final byte[] definition;

    Shape(int id, Class<?> type, FieldType[] fields) {
        this.id = id;
        RecordComponent[] components = type.getRecordComponents();
        this.type = type;
        this.fields = fields;
        this.names = new String[components.length];
        @SuppressWarnings("unchecked")
        Function<Object, Object>[] g = new Function[components.length];
        this.getters = g;
        this.absent = new Object[components.length];
        this.primitive = new boolean[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        try {
            // Within the record's own package, as its own code would: the classpath's unnamed module allows it.
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                parameterTypes[i] = components[i].getType();
                primitive[i] = parameterTypes[i].isPrimitive();
                getters[i] = getter(lookup, type, components[i]);
                absent[i] = fields[i].absent();
                indexByName.put(names[i], i);
            }
            this.constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            this.definition = TypeDefinition.encode(type.getName(), names);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the store cannot encode " + type.getName()
                    + ": its canonical constructor and accessors are out of reach", e);
        }
    }

    int size() {
        return names.length;
    }

    Object get(Object record, int i) {
        return getters[i].apply(record);
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> getter(MethodHandles.Lookup lookup, Class<?> type,
            RecordComponent component) throws ReflectiveOperationException {
        MethodHandle accessor = lookup.unreflect(component.getAccessor());
        Class<?> result = MethodType.methodType(component.getType()).wrap().returnType();
        try {
            CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
                    MethodType.methodType(Object.class, Object.class), accessor,
                    MethodType.methodType(result, type));
            return (Function<Object, Object>) site.getTarget().invokeExact();
        } catch (LambdaConversionException e) {
            throw new IllegalAccessException("no accessor lambda for " + component + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local index of the component a writer called {@code name}, or -1. */
    int indexOf(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    /** Fresh constructor arguments holding every component's value for "not written". */
    Object[] absentValues() {
        return absent.clone();
    }

    Object construct(Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null && primitive[i]) {
                throw new IllegalArgumentException("null for the primitive " + type.getSimpleName() + "." + names[i]);
            }
        }
        try {
            return (Object) constructor.invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
