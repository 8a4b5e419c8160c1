package io.shoal.manager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.manager.testing.NodeBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceFilterTest {
    private static final long GB = 1L << 30;

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A running task on {@code nodeId} reserving {@code generic} (Docker's GenericResources JSON). */
    private static Task task(String id, String nodeId, String generic) {
        try {
            return Json.mapper().readValue("""
                    {"ID":"%s","ServiceID":"s","NodeID":"%s","DesiredState":"running","Status":{"State":"running"},
                     "Spec":{"ContainerSpec":{"Image":"x"},"Resources":{"Reservations":{"GenericResources":%s}}}}"""
                    .formatted(id, nodeId, generic), Task.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static NodeInfo node(String id, double cpus, long memory, String generic) {
        Node n = NodeBuilder.node(id).resources(cpus, memory).build();
        Node.Resources r = n.description().resources();
        NodeInfo info = new NodeInfo(id);
        info.setNode(n.withDescription(new Node.Description(n.description().hostname(), n.description().platform(),
                new Node.Resources(r.nanoCpus(), r.memoryBytes(), generic == null ? null : json(generic)),
                n.description().engine(), null)));
        return info;
    }

    private static SchedulingRequest request(long nanoCpus, long memory, Map<String, Long> generic) {
        return new SchedulingRequest("s", List.of(), nanoCpus, memory, generic, List.of(), 0, List.of(), List.of());
    }

    @Test
    void genericResourcesCountDiscreteValuesAndNamedEntries() {
        assertThat(GenericResources.amounts(json("""
                [{"DiscreteResourceSpec":{"Kind":"gpu","Value":2}},{"NamedResourceSpec":{"Kind":"fpga","Value":"F-1"}},
                 {"NamedResourceSpec":{"Kind":"fpga","Value":"F-2"}},{"DiscreteResourceSpec":{"Kind":"ssd","Value":0}}]""")))
                .containsExactly(Map.entry("fpga", 2L), Map.entry("gpu", 2L));
        assertThat(GenericResources.amounts(null)).isEmpty();
    }

    @Test
    void theExplanationNamesTheResourceThatIsShort() {
        Pipeline.Evaluation eval = Pipeline.standard().evaluate(request(500_000_000L, 2 * GB, Map.of("gpu", 1L)));
        assertThat(eval.test(node("small-cpu", 0.25, 8 * GB, "[{\"DiscreteResourceSpec\":{\"Kind\":\"gpu\",\"Value\":1}}]")))
                .isFalse();
        assertThat(eval.test(node("small-mem1", 4, GB, null))).isFalse();
        assertThat(eval.test(node("small-mem2", 4, GB, null))).isFalse();
        assertThat(eval.test(node("no-gpu", 4, 8 * GB, null))).isFalse();
        assertThat(eval.test(node("fits", 4, 8 * GB, "[{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"G-0\"}}]")))
                .isTrue();
        assertThat(eval.explain()).isEqualTo(
                "insufficient memory on 2 nodes; insufficient CPU on 1 node; insufficient generic resource gpu on 1 node");
    }

    @Test
    void genericResourcesHeldByTasksAreNotAvailable() {
        NodeInfo n = node("n1", 4, 8 * GB, "[{\"DiscreteResourceSpec\":{\"Kind\":\"gpu\",\"Value\":3}}]");
        Task t = task("t1", "n1", "[{\"DiscreteResourceSpec\":{\"Kind\":\"gpu\",\"Value\":2}}]");
        n.put(t, List.of());
        assertThat(n.availableGeneric("gpu")).isEqualTo(1);
        assertThat(SchedulingRequest.of(t, null).genericResources()).containsExactly(Map.entry("gpu", 2L));
        Pipeline.Evaluation eval = Pipeline.standard().evaluate(SchedulingRequest.of(t, null));
        assertThat(eval.test(n)).isFalse();
        assertThat(eval.explain()).isEqualTo("insufficient generic resource gpu on 1 node");

        n.remove("t1");
        assertThat(n.availableGeneric("gpu")).isEqualTo(3);
        assertThat(eval.test(n)).isTrue();
    }

    @Test
    void aTaskWithoutReservationsRunsNoResourceFilter() {
        Pipeline.Evaluation eval = Pipeline.standard().evaluate(request(0, 0, Map.of()));
        assertThat(eval.test(node("empty", 0, 0, null))).isTrue();
    }
}
