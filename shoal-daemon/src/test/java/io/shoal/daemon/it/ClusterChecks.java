package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/** What the cluster tests check after a failure: nothing lost, nothing doubled, every service at its count. */
final class ClusterChecks {
    private ClusterChecks() {}

    private static final java.util.concurrent.atomic.AtomicInteger PROBES = new java.util.concurrent.atomic.AtomicInteger();

    static Command.Result ok(DaemonProcess d, String... args) {
        Command.Result r = d.docker(args);
        assertThat(r.exit()).as("%s\n--- %s log tail:\n%s", r, d.name, tail(d.log(), 40)).isZero();
        return r;
    }

    static Command.Result fails(DaemonProcess d, String... args) {
        Command.Result r = d.docker(args);
        assertThat(r.exit()).as(r.toString()).isNotZero();
        return r;
    }

    static String tail(String log, int n) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /**
     * Starts {@code managers} (in order: the first inits the swarm, the others join it with the
     * manager token) and waits until all are ready managers.
     */
    static void formManagers(Map<String, DaemonProcess> managers, Duration wait) {
        managers.values().parallelStream().forEach(DaemonProcess::start);
        DaemonProcess first = managers.values().iterator().next();
        ok(first, "swarm", "init");
        String token = ok(first, "swarm", "join-token", "-q", "manager").out().trim();
        managers.values().stream().skip(1)
                .forEach(d -> ok(d, "swarm", "join", "--token", token, first.clusterAddr()));
        List<String> expected = new ArrayList<>(List.of("Ready Leader"));
        managers.values().stream().skip(1).forEach(d -> expected.add("Ready Reachable"));
        await().atMost(wait).untilAsserted(() -> assertThat(ok(first, "node", "ls", "--format",
                "{{.Status}} {{.ManagerStatus}}").out().lines().sorted().toList()).isEqualTo(expected));
    }

    /** The one leader among {@code managers} (by hostname), as a live one of them lists the nodes. */
    static DaemonProcess leader(Map<String, DaemonProcess> managers, Duration wait) {
        List<String> found = new ArrayList<>();
        await().atMost(wait).untilAsserted(() -> {
            DaemonProcess any = managers.values().stream().filter(DaemonProcess::isAlive).findFirst().orElseThrow();
            found.clear();
            ok(any, "node", "ls", "--format", "{{.Hostname}} {{.ManagerStatus}}").out().lines()
                    .filter(l -> l.endsWith(" Leader")).map(l -> l.split(" ")[0]).forEach(found::add);
            assertThat(found).hasSize(1);
            assertThat(managers.get(found.getFirst()).isAlive()).isTrue();
        });
        return managers.get(found.getFirst());
    }

    /**
     * Creates empty services through {@code d} every 50 ms until one is accepted: the time a write
     * waits for a leader. {@code sleep} marks their (never started) task command.
     */
    static long msUntilAWriteIsAccepted(DaemonProcess d, String sleep, Duration wait) {
        long started = System.nanoTime();
        await().atMost(wait).pollInterval(Duration.ofMillis(50)).until(() -> {
            String body = "{\"Name\":\"probe-" + PROBES.incrementAndGet() + "\",\"TaskTemplate\":{\"ContainerSpec\":"
                    + "{\"Image\":\"busybox\",\"Command\":[\"sleep\",\"" + sleep + "\"]}},"
                    + "\"Mode\":{\"Replicated\":{\"Replicas\":0}}}";
            return d.http().send("POST", "/services/create", "application/json", body).status() == 201;
        });
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Kills what task processes with {@code sleep <marker>} killed daemons left behind. */
    static void killLeftovers(String... markers) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> java.util.Arrays.stream(markers)
                        .anyMatch(m -> c.contains("sleep " + m))).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }


    static List<String> serviceNames(DaemonProcess d) {
        return d.docker("service", "ls", "--format", "{{.Name}}").out().lines().sorted().toList();
    }

    static Set<String> ids(List<JsonNode> tasks) {
        Set<String> out = new TreeSet<>();
        tasks.forEach(t -> out.add(t.path("ID").asText()));
        return out;
    }

    /**
     * Fails unless {@code service}, as {@code d} sees it, has exactly one task desired running per
     * slot 1..replicas, each running, and no task twice; returns those tasks.
     */
    static List<JsonNode> assertConverged(DaemonProcess d, String service, int replicas) {
        String filters = URLEncoder.encode("{\"service\":{\"" + service + "\":true}}", StandardCharsets.UTF_8);
        UnixHttp.Response r = d.http().get("/tasks?filters=" + filters);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        try {
            Json.mapper().readTree(r.body()).forEach(all::add);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
        assertThat(new HashSet<>(ids(all))).as("task IDs are unique").hasSize(all.size());
        List<JsonNode> current = all.stream().filter(t -> t.path("DesiredState").asText().equals("running")).toList();
        assertThat(current.stream().map(t -> t.path("Slot").asInt()).sorted().toList())
                .as("%s: slots of the tasks desired running", service)
                .isEqualTo(IntStream.rangeClosed(1, replicas).boxed().toList());
        assertThat(current).allSatisfy(t -> assertThat(t.at("/Status/State").asText()).isEqualTo("running"));
        return current;
    }
}
