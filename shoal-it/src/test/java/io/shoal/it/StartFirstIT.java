package io.shoal.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static io.shoal.it.Services.IMAGE;
import static io.shoal.it.UpdateRollbackIT.SLEEPER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-first rolling updates keep every replica up: sampled every 100 ms during the update, never
 * fewer than N tasks run (in Shoal's view) and never fewer than N containers run (in the engine's).
 * A stop-first update, sampled the same way, does dip below N: the sampling sees dips.
 */
class StartFirstIT {
    static final int N = 3;
    static final String IMAGE_V2 = "shoal-it/busybox:updates-sf";

    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-sf").initialised();

    static Services services;

    @BeforeAll
    static void images() {
        services = new Services(node);
        CommandResult tag = node.engine().run("tag", IMAGE, IMAGE_V2);
        assertThat(tag.ok()).as(tag.describe()).isTrue();
    }

    @AfterAll
    static void removeImages() {
        node.engine().run("rmi", IMAGE_V2);
    }

    /** Counts something every 100 ms on a thread of its own until stopped. */
    static final class Sampler implements AutoCloseable {
        private final List<int[]> samples = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        /** Each sample is what every probe counted at that moment. */
        @SafeVarargs
        Sampler(Supplier<Integer>... probes) {
            thread = Thread.ofPlatform().daemon().name("it-sampler").start(() -> {
                while (!stop.get()) {
                    long next = System.nanoTime() + 100_000_000L;
                    int[] s = new int[probes.length];
                    for (int i = 0; i < probes.length; i++) {
                        s[i] = probes[i].get();
                    }
                    samples.add(s);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
        }

        /** Statistics of one probe's counts over all samples. */
        IntSummaryStatistics stats(int probe) {
            synchronized (samples) {
                return samples.stream().mapToInt(s -> s[probe]).summaryStatistics();
            }
        }

        int count() {
            return samples.size();
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String query(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    /** Tasks of the service that Shoal reports running (whatever their desired state). */
    static int runningTasks(ShoalNode node, String service) {
        HttpResult r = node.daemon().http().get("/v1.50/tasks?filters=" + query("{\"service\":{\"" + service + "\":true}}"));
        if (r.status() != 200) {
            return 0; // no such service (yet)
        }
        int n = 0;
        for (JsonNode t : r.json()) {
            if ("running".equals(t.path("Status").path("State").asText())) {
                n++;
            }
        }
        return n;
    }

    /** The engine's running containers of the service. */
    static int runningContainers(ShoalNode node, String serviceId) {
        String engineSocket = node.env().engineHost().substring("unix://".length());
        HttpResult r = new UnixHttp(Path.of(engineSocket)).get("/containers/json?filters="
                + query("{\"label\":[\"" + Services.SERVICE_LABEL + "=" + serviceId + "\"]}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().size();
    }

    @Test
    void startFirstNeverRunsFewerThanNReplicas() {
        String id = services.ok("service", "create", "--name", "sf", "--replicas", Integer.toString(N),
                "--stop-grace-period", "1s", "--update-order", "start-first", "--update-parallelism", "1",
                "--update-monitor", "1s", IMAGE, "sh", "-c", SLEEPER).lines().get(0);
        assertThat(runningContainers(node, id)).isEqualTo(N);

        CommandResult update;
        Sampler sampler = new Sampler(() -> runningTasks(node, "sf"), () -> runningContainers(node, id));
        try (sampler) {
            update = services.ok("service", "update", "--image", IMAGE_V2, "sf");
        }
        UpdateRollbackIT.assertConverged(update, "sf");
        assertThat(sampler.count()).as("samples").isGreaterThan(10);
        assertThat(sampler.stats(0).getMin()).as("fewest running tasks").isGreaterThanOrEqualTo(N);
        assertThat(sampler.stats(1).getMin()).as("fewest running containers").isGreaterThanOrEqualTo(N);
        assertThat(sampler.stats(1).getMax()).as("most running containers: new ones start first").isGreaterThan(N);
        assertThat(services.runningTasks("sf")).hasSize(N)
                .allSatisfy(t -> assertThat(t).contains(" " + IMAGE_V2 + " Running"));

        // the same update stop-first does dip below N, and the sampling sees it
        Sampler stopFirst = new Sampler(() -> runningContainers(node, id));
        try (stopFirst) {
            services.ok("service", "update", "--update-order", "stop-first", "--image", IMAGE, "sf");
        }
        assertThat(stopFirst.stats(0).getMin()).as("fewest running containers, stop-first").isLessThan(N);
        assertThat(stopFirst.stats(0).getMax()).as("most running containers, stop-first").isEqualTo(N);
        services.ok("service", "rm", "sf");
    }
}
