package io.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.api.Json;
import io.shoal.api.time.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI against what the real docker 28.2.2 CLI did with the same daemon answers. The goldens
 * ({@code parity/goldens.json}) were recorded by running {@code docker} against a fake daemon
 * serving {@code parity/fixture.json} (scripts in {@code src/test/parity/}); "docker" in its
 * messages reads "shoal". Each case checks stdout, stderr, the exit code and the HTTP calls:
 * same methods, paths and queries in the same order, and request bodies equal as JSON
 * (docker drops zero-valued fields its Go structs mark omitempty; those are ignored).
 */
class DockerParityTest {
    private static final Set<String> KEPT_ZERO_FIELDS =
            Set.of("ForceUpdate", "Init", "Parallelism", "MaxFailureRatio", "DNSConfig", "Labels");

    private static FakeClock clock;
    private static FakeDaemon daemon;

    @BeforeAll
    static void start() throws IOException {
        JsonNode fixture = load("fixture.json");
        clock = new FakeClock(Instant.parse(fixture.get("now").asText()));
        daemon = new FakeDaemon(clock).routes(fixture.get("routes"));
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    static Stream<Arguments> goldens() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode g : load("goldens.json")) {
            List<String> args = new ArrayList<>();
            g.get("args").forEach(a -> args.add(a.asText()));
            out.add(Arguments.of(String.join(" ", args), g));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "shoal {0}")
    @MethodSource("goldens")
    void printsAndCallsWhatDockerDoes(String commandLine, JsonNode golden) {
        List<String> args = new ArrayList<>();
        golden.get("args").forEach(a -> args.add(a.asText()));
        daemon.clearRequests();

        CliRunner.Result result = new CliRunner(daemon, clock).run(args.toArray(String[]::new));

        assertThat(result.out()).as("stdout").isEqualTo(golden.get("stdout").asText());
        assertThat(result.err()).as("stderr").isEqualTo(golden.get("stderr").asText());
        assertThat(result.code()).as("exit code").isEqualTo(golden.get("code").asInt());
        List<FakeDaemon.Request> calls = daemon.requests().stream().filter(r -> !r.path().equals("/_ping")).toList();
        List<String> expectedCalls = new ArrayList<>();
        golden.get("requests").forEach(r -> expectedCalls.add(r.get(0).asText() + " " + r.get(1).asText()));
        assertThat(calls.stream().map(r -> r.method() + " " + r.path()).toList()).as("calls").isEqualTo(expectedCalls);
        for (int i = 0; i < calls.size(); i++) {
            JsonNode expected = golden.get("requests").get(i).get(2);
            JsonNode actual = calls.get(i).json();
            assertThat(normalized(actual)).as("body of " + expectedCalls.get(i)).isEqualTo(normalized(expected));
        }
    }

    /** Without the zero values Go's omitempty would have dropped; object key order never matters. */
    private static JsonNode normalized(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n instanceof ObjectNode o) {
            ObjectNode copy = Json.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = normalized(e.getValue());
                if (KEPT_ZERO_FIELDS.contains(e.getKey()) || !isZero(v)) {
                    copy.set(e.getKey(), v == null ? Json.mapper().nullNode() : v);
                }
            }
            return copy;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode copy = Json.mapper().createArrayNode();
            a.forEach(x -> copy.add(normalized(x)));
            return copy;
        }
        if (n.isNumber()) {
            // 0.25 and 0.25f print alike; compare numbers by value
            return Json.mapper().getNodeFactory().numberNode(n.decimalValue().stripTrailingZeros());
        }
        return n;
    }

    private static boolean isZero(JsonNode v) {
        return v == null || v.isNull() || (v.isNumber() && v.decimalValue().signum() == 0)
                || (v.isTextual() && v.asText().isEmpty()) || (v.isBoolean() && !v.asBoolean())
                || (v.isContainerNode() && v.isEmpty());
    }

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = DockerParityTest.class.getResourceAsStream("parity/" + name)) {
            return Json.mapper().readTree(in);
        }
    }
}
