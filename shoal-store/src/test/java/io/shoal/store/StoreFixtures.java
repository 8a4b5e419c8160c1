package io.shoal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.api.Ids;
import io.shoal.api.RestartCondition;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Store objects for tests and benchmarks: realistic services and tasks, and objects of any model
 * record with every field set (built by reflection, so fields added to the model later are
 * covered without touching this class).
 */
public final class StoreFixtures {
    private StoreFixtures() {}

    /** A service as the control API stores it, with the usual fields of a real spec set. */
    public static Service fullService(String name) {
        TaskSpec.ContainerSpec container = TaskSpec.ContainerSpec
                .ofImage("registry.example/team/web:1.4.2@sha256:" + "0123456789abcdef".repeat(4))
                .withCommand(List.of("/bin/server"), List.of("--port", "8080", "--log-level", "info"))
                .withEnv(List.of("MODE=production", "CACHE_SIZE=256", "REGION=eu-west"))
                .withLabels(Map.of("com.example.team", "web"))
                .withStopGracePeriod(10_000_000_000L)
                .withHealthCheck(new TaskSpec.HealthConfig(List.of("CMD", "wget", "-q", "localhost:8080/health"),
                        5_000_000_000L, 2_000_000_000L, 3, 0L, null));
        TaskSpec task = new TaskSpec(container,
                new TaskSpec.ResourceRequirements(new TaskSpec.Resources(500_000_000L, 256L << 20, null, null),
                        new TaskSpec.Resources(100_000_000L, 64L << 20, null, null)),
                new TaskSpec.RestartPolicy(RestartCondition.ON_FAILURE, 5_000_000_000L, 3L, 0L),
                new TaskSpec.Placement(List.of("node.role==worker", "node.labels.zone!=edge"), null, null, null),
                List.of(new TaskSpec.NetworkAttachmentConfig("frontend", List.of("web"), null)), null, 0L, null);
        ServiceSpec spec = new ServiceSpec(name, Map.of("com.example.app", name, "tier", "front"), task,
                ServiceSpec.Mode.ofReplicated(1000), ServiceSpec.UpdateConfig.DEFAULT, ServiceSpec.UpdateConfig.DEFAULT,
                new ServiceSpec.EndpointSpec(io.shoal.api.EndpointMode.VIP, List.of()));
        return new Service(Ids.newId(), new Version(7), Instant.EPOCH, Instant.EPOCH, spec, null, null, null, null,
                null, new Version(7), null);
    }

    /** A task of {@code s} running on {@code nodeId}, as the dispatcher leaves it. */
    public static Task runningTask(Service s, long slot, String nodeId, Instant at) {
        Task.TaskStatus status = new Task.TaskStatus(at, TaskState.RUNNING, "started", null,
                new Task.ContainerStatus(Ids.newId() + Ids.newId(), 4242L, null), null);
        return new Task(Ids.newId(), new Version(99), at, at, s.spec().labels(), s.spec().taskTemplate(), s.id(), slot,
                nodeId, status, TaskState.RUNNING, null, new Version(0), s.specVersion(), s.name());
    }

    /**
     * A {@code type} record with every component set, recursively: distinct values by
     * {@code seed}; lists, sets and maps of two elements; free-form JSON as a small object.
     */
    public static <T> T everyFieldSet(Class<T> type, int seed) {
        return type.cast(value(type, type, seed, type.getSimpleName()));
    }

    private static Object value(Type t, Class<?> raw, int seed, String path) {
        if (raw == String.class) {
            return path + "-" + seed;
        } else if (raw == int.class || raw == Integer.class) {
            return 1000 + seed + path.length();
        } else if (raw == long.class || raw == Long.class) {
            return 5_000_000_000L + seed + path.length();
        } else if (raw == double.class || raw == Double.class) {
            return 0.25 + seed;
        } else if (raw == float.class || raw == Float.class) {
            return 0.5f + seed;
        } else if (raw == boolean.class || raw == Boolean.class) {
            return (seed + path.length()) % 2 == 0;
        } else if (raw == short.class || raw == Short.class) {
            return (short) (100 + seed + path.length());
        } else if (raw == Instant.class) {
            return Instant.ofEpochSecond(1_700_000_000L + seed, 123_456_789);
        } else if (raw == Duration.class) {
            return Duration.ofSeconds(30 + seed, 5);
        } else if (raw == BigInteger.class) {
            return BigInteger.TEN.pow(25).add(BigInteger.valueOf(seed));
        } else if (raw == BigDecimal.class) {
            return new BigDecimal("12.50").add(BigDecimal.valueOf(seed));
        } else if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[(seed + path.length()) % constants.length];
        } else if (JsonNode.class.isAssignableFrom(raw)) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("Name", path + "-" + seed);
            node.put("Count", seed);
            node.putArray("Items").add("a").add(2).add(true).add(3.5);
            node.putObject("Nested").put("Key", "value");
            return node;
        } else if (raw == Object.class) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Url", "https://ca.example/" + seed);
            m.put("Port", 8443 + seed);
            m.put("Options", List.of("x", "y"));
            return m;
        } else if (raw.isRecord()) {
            return record(raw, seed, path);
        } else if (raw.isSealed() && raw.isInterface()) {
            Class<?>[] impls = raw.getPermittedSubclasses();
            Class<?> impl = impls[(seed + path.length()) % impls.length];
            return value(impl, impl, seed, path);
        } else if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                List<Object> l = new ArrayList<>();
                l.add(value(args[0], rawOf(args[0]), seed, path + "[0]"));
                l.add(value(args[0], rawOf(args[0]), seed + 1, path + "[1]"));
                return List.copyOf(l);
            } else if (raw == Set.class) {
                Set<Object> s = new LinkedHashSet<>();
                s.add(value(args[0], rawOf(args[0]), seed, path + "[0]"));
                s.add(value(args[0], rawOf(args[0]), seed + 1, path + "[1]"));
                return s;
            } else if (raw == Map.class) {
                Map<Object, Object> m = new LinkedHashMap<>();
                Class<?> keys = rawOf(args[0]);
                m.put(keys.isEnum() ? keys.getEnumConstants()[0] : "k1-" + seed,
                        value(args[1], rawOf(args[1]), seed, path + "{k1}"));
                m.put(keys.isEnum() ? keys.getEnumConstants()[keys.getEnumConstants().length - 1] : "k2-" + seed,
                        value(args[1], rawOf(args[1]), seed + 1, path + "{k2}"));
                return m;
            }
        }
        throw new IllegalArgumentException("no fixture value for " + path + " of type " + t.getTypeName());
    }

    private static Object record(Class<?> raw, int seed, String path) {
        RecordComponent[] components = raw.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getGenericType(), types[i], seed + i,
                    raw.getSimpleName() + "." + components[i].getName());
        }
        try {
            Constructor<?> c = raw.getDeclaredConstructor(types);
            c.setAccessible(true); // test records nested in test classes are not public
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + raw.getName(), e);
        }
    }

    private static Class<?> rawOf(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        } else if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported type " + t);
    }

    /** Every table's record with every field set, as stored objects. */
    public static List<StoreObject> oneOfEachTable(int seed) {
        List<StoreObject> out = new ArrayList<>();
        for (Table<?> t : Table.ALL) {
            out.add(everyFieldSet(t.type(), seed));
        }
        return out;
    }
}
