package io.shoal.store.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.api.Json;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.store.StoreFixtures;
import io.shoal.store.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private final RecordCodec codec = new RecordCodec(Set.of(TaskSpec.class));

    record Scalars(String s, int i, Integer boxedInt, long l, Long boxedLong, double d, Double boxedDouble, float f,
            boolean b, Boolean boxedBoolean, Instant at, TaskState state) {}

    record Containers(List<String> list, Set<String> set, Map<String, Long> map, List<Scalars> records,
            Map<String, List<String>> nested) {}

    record Free(JsonNode node, ObjectNode object, Object value, Map<String, Object> options) {}

    @Test
    void everyTableRecordWithEveryFieldSetReadsBackEqual() {
        for (Table<?> t : Table.ALL) {
            codec.check(t.type());
            Encoder e = codec.encoder();
            List<Object> written = new ArrayList<>();
            for (int seed = 0; seed < 3; seed++) {
                Object o = StoreFixtures.everyFieldSet(t.type(), seed);
                written.add(o);
                write(e, t.type(), o);
            }
            byte[] bytes = e.toByteArray();
            Decoder d = codec.decoder(bytes, 0, bytes.length);
            for (Object o : written) {
                assertThat(d.readRecord(t.type())).as(t.name()).isEqualTo(o);
            }
            assertThat(d.atEnd()).isTrue();
        }
    }

    @Test
    void edgeValuesReadBackExactly() {
        List<Scalars> values = List.of(
                new Scalars("", Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, -0.0, Double.NaN,
                        Float.MIN_VALUE, true, false, Instant.ofEpochSecond(-62_135_596_800L, 999_999_999),
                        TaskState.ORPHANED),
                new Scalars("grüße, 日本, 🐳 and a long ASCII tail " + "x".repeat(300), 0, null, 0, null, 1e300, null,
                        0f, false, null, Instant.EPOCH, null),
                new Scalars(null, -1, -1, -1, -1L, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -1.5f, true, true, null,
                        TaskState.NEW));
        assertThat(roundTrip(Scalars.class, values)).isEqualTo(values);
    }

    @Test
    void containersKeepOrderNullsAndEmptiness() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("z", 1L);
        map.put("a", null);
        map.put("m", -5L);
        List<String> withNull = Arrays.asList("b", null, "a");
        Containers full = new Containers(withNull, new java.util.LinkedHashSet<>(List.of("y", "x")), map,
                List.of(new Scalars("in", 1, 2, 3, 4L, 5, 6.0, 7, true, false, Instant.EPOCH, TaskState.RUNNING)),
                Map.of("k", List.of("v1", "v2")));
        Containers empty = new Containers(List.of(), Set.of(), Map.of(), List.of(), Map.of());
        Containers nulls = new Containers(null, null, null, null, null);
        List<Containers> back = roundTrip(Containers.class, List.of(full, empty, nulls));
        assertThat(back).containsExactly(full, empty, nulls);
        assertThat(back.get(0).map().keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> back.get(0).list().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void freeFormJsonKeepsItsExactNodeAndValueTypes() throws Exception {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("int", 5).put("long", 5L).put("short", (short) 5).put("double", 2.5).put("float", 2.5f)
                .put("big", BigInteger.TEN.pow(30)).put("decimal", new BigDecimal("1.50")).put("text", "t")
                .put("yes", true).putNull("nothing").put("bytes", new byte[] {1, 2, 3});
        node.putArray("array").add(1).add("two").addObject().put("three", 3);
        JsonNode parsed = Json.mapper().readTree("{\"Privileges\":{\"NoNewPrivileges\":true,\"Limit\":123}}");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("int", 1);
        options.put("long", 1L);
        options.put("double", 1.0);
        options.put("list", List.of("a", 2, 3L));
        options.put("map", Map.of("deep", Map.of("er", true)));
        options.put("null", null);
        options.put("tree", node);
        Free free = new Free(node, parsed.deepCopy(), 42L, options);
        Free back = roundTrip(Free.class, List.of(free)).getFirst();
        assertThat(back).isEqualTo(free);
        // JSON text would have turned these into an IntNode and an Integer.
        assertThat(back.node().get("long").isLong()).isTrue();
        assertThat(back.value()).isInstanceOf(Long.class);
        assertThat(back.options().get("long")).isInstanceOf(Long.class);
        assertThat(back.node().get("decimal").decimalValue()).isEqualTo(new BigDecimal("1.50"));
    }

    sealed interface Shape permits Circle, Square {}

    record Circle(double radius) implements Shape {}

    record Square(long side, Duration rotation) implements Shape {}

    record Rarer(short small, Short boxedSmall, Duration delay, BigInteger huge, BigDecimal exact,
            Map<TaskState, List<Shape>> byState, Shape shape) {}

    @Test
    void rarerTypesAndSealedInterfacesOfRecordsReadBackEqual() {
        codec.check(Rarer.class);
        Rarer every = StoreFixtures.everyFieldSet(Rarer.class, 3);
        Rarer handMade = new Rarer(Short.MIN_VALUE, null, Duration.ofNanos(-1), BigInteger.TWO.pow(100).negate(),
                new BigDecimal("-0.000"), Map.of(TaskState.RUNNING, List.of(new Circle(1.5), new Square(2, null))),
                new Square(-7, Duration.ofDays(3)));
        assertThat(roundTrip(Rarer.class, List.of(every, handMade))).containsExactly(every, handMade);
        assertThat(every.shape()).isNotNull();
        assertThat(every.byState()).isNotEmpty();
    }

    record NotAShape(long side, Duration rotation) {}

    record HoldsShape(Object wrongOnPurpose, NotAShape shape) {}

    record ReadsShape(Shape shape) {}

    @Test
    void aRecordThatIsNotOneOfTheSealedTypesIsRefused() {
        assertThatThrownBy(() -> roundTripAs(HoldsShape.class, new HoldsShape(null, new NotAShape(1, null)),
                ReadsShape.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("where a Shape is expected");
    }

    @Test
    void aSharedRecordIsWrittenOnceAndReadAsOneInstance() {
        Task a = StoreFixtures.everyFieldSet(Task.class, 1);
        TaskSpec sameSpec = new TaskSpec(a.spec().containerSpec(), a.spec().resources(), a.spec().restartPolicy(),
                a.spec().placement(), a.spec().networks(), a.spec().logDriver(), a.spec().forceUpdate(),
                a.spec().runtime()); // equal, not identical
        Task b = new Task("other", a.version(), a.createdAt(), a.updatedAt(), a.labels(), sameSpec, a.serviceId(),
                a.slot() + 1, a.nodeId(), a.status(), a.desiredState(), a.networksAttachments(), a.jobIteration(),
                a.specVersion(), a.serviceName());
        Encoder e = codec.encoder();
        e.writeRecord(Task.class, a);
        int first = e.size();
        e.writeRecord(Task.class, b);
        int second = e.size() - first;
        assertThat(second).as("the second task refers to the spec").isLessThan(first / 3);
        byte[] bytes = e.toByteArray();
        Decoder d = codec.decoder(bytes, 0, bytes.length);
        Task ra = d.readRecord(Task.class);
        Task rb = d.readRecord(Task.class);
        assertThat(ra).isEqualTo(a);
        assertThat(rb).isEqualTo(b);
        assertThat(rb.spec()).isSameAs(ra.spec());
    }

    record V1(String name, long count, TaskSpec spec) {}

    record V2(String name, long count, TaskSpec spec, String added, int number) {}

    record V0(TaskSpec spec) {}

    record Mismatch(long name) {}

    @Test
    void fieldsAddedOrRemovedBetweenVersionsReadAsAbsentOrAreSkipped() {
        TaskSpec spec = StoreFixtures.everyFieldSet(TaskSpec.class, 4);
        V2 newer = new V2("n", 7, spec, "extra", 9);
        V1 older = new V1("o", 8, spec);

        V1 fromNewer = roundTripAs(V2.class, newer, V1.class);
        assertThat(fromNewer).isEqualTo(new V1("n", 7, spec));
        V2 fromOlder = roundTripAs(V1.class, older, V2.class);
        assertThat(fromOlder).isEqualTo(new V2("o", 8, spec, null, 0));
    }

    record TwoSpecs(TaskSpec unknownToReader, TaskSpec spec) {}

    @Test
    void aSharedRecordFirstWrittenInAFieldTheReaderDoesNotKnowStillResolves() {
        TaskSpec spec = StoreFixtures.everyFieldSet(TaskSpec.class, 5);
        V0 back = roundTripAs(TwoSpecs.class, new TwoSpecs(spec, spec), V0.class);
        assertThat(back.spec()).isEqualTo(spec);
    }

    @Test
    void aValueOfAnotherKindIsRefusedNotMisread() {
        assertThatThrownBy(() -> roundTripAs(V1.class, new V1("text", 1, null), Mismatch.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("where a long is expected");
    }

    record Unsupported(java.util.Date when) {}

    record HoldsUnsupported(List<Unsupported> items) {}

    @Test
    void aModelTheCodecCannotCarryIsRefusedUpFront() {
        assertThatThrownBy(() -> codec.check(HoldsUnsupported.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported.when").hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> codec.check(HashMap.class)).hasMessageContaining("is not a record");
    }

    @Test
    void aStreamCutShortOrDamagedFailsWithIllegalArgument() {
        Encoder e = codec.encoder();
        for (int seed = 0; seed < 2; seed++) {
            e.writeRecord(Task.class, StoreFixtures.everyFieldSet(Task.class, seed));
        }
        byte[] bytes = e.toByteArray();
        // Every cut in the first type definitions and values, then a spread over the rest.
        for (int cut = 0; cut < bytes.length; cut += cut < 512 ? 1 : 11) {
            Decoder d = codec.decoder(bytes, 0, cut);
            int length = cut;
            assertThatThrownBy(() -> {
                d.readRecord(Task.class);
                d.readRecord(Task.class);
            }).as("cut at %d of %d", length, bytes.length).isInstanceOfAny(IllegalArgumentException.class,
                    java.io.UncheckedIOException.class);
        }
        byte[] damaged = bytes.clone();
        damaged[0] = 99;
        assertThatThrownBy(() -> codec.decoder(damaged, 0, damaged.length).readRecord(Task.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private <T> List<T> roundTrip(Class<T> type, List<T> values) {
        Encoder e = codec.encoder();
        values.forEach(v -> e.writeRecord(type, v));
        byte[] bytes = e.toByteArray();
        Decoder d = codec.decoder(bytes, 0, bytes.length);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(d.readRecord(type));
        }
        assertThat(d.atEnd()).isTrue();
        return out;
    }

    /** Writes as one version of a record and reads as another (the same stream, another reader). */
    private <W, R> R roundTripAs(Class<W> written, W value, Class<R> read) {
        byte[] bytes = codec.encoder().writeRecord(written, value).toByteArray();
        // A reader of another version has its own codec (its own classes).
        return new RecordCodec(Set.of(TaskSpec.class)).decoder(bytes, 0, bytes.length).readRecord(read);
    }

    @SuppressWarnings("unchecked")
    private static <T> void write(Encoder e, Class<T> type, Object o) {
        e.writeRecord(type, (T) o);
    }
}
