package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A manager and a worker, each its own daemon process on its own loopback address, running tasks as
 * containers of the test Docker Engine (tools/dockerd-up.sh). The worker joins through the docker
 * CLI; kill -9 of the worker moves its replicas to the manager, and when the worker is back its
 * stale containers stop, so the engine runs exactly the asked number.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterDockerIT {
    private static final String IMAGE = "shoal-test/busybox:latest";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private DaemonProcess manager;
    private DaemonProcess worker;

    @BeforeAll
    void start() {
        DaemonProcess.ensureEngine();
        List<String> docker = List.of("--executor", "docker", "--docker-host", DaemonProcess.ENGINE);
        manager = new DaemonProcess("d-manager", "127.0.0.31", docker);
        worker = new DaemonProcess("d-worker", "127.0.0.32", docker);
        List.of(manager, worker).parallelStream().forEach(DaemonProcess::start);
    }

    @AfterAll
    void stop() {
        if (manager != null && manager.isAlive()) {
            manager.docker("service", "rm", "dweb");
        }
        if (worker != null) {
            worker.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    private Command.Result ok(DaemonProcess d, String... args) {
        Command.Result r = d.docker(args);
        assertThat(r.exit()).as("%s\n--- %s log:\n%s", r, d.name, d.log()).isZero();
        return r;
    }

    private Map<String, Long> running() {
        return ok(manager, "service", "ps", "dweb", "--filter", "desired-state=running",
                "--format", "{{.Node}} {{.CurrentState}}").lines().stream()
                .filter(l -> l.split(" ")[1].equals("Running"))
                .collect(Collectors.groupingBy(l -> l.split(" ")[0], TreeMap::new, Collectors.counting()));
    }

    /** Running containers of the service on the engine, whichever node started them. */
    private long containers(String serviceId) {
        Command.Result r = manager.engine("ps", "-q", "--filter", "label=com.docker.swarm.service.id=" + serviceId);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.lines().size();
    }

    @Test
    void aKilledWorkersContainersAreReplacedAndStoppedWhenItReturns() {
        ok(manager, "swarm", "init");
        String token = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
        assertThat(ok(worker, "swarm", "join", "--token", token, manager.clusterAddr()).out())
                .contains("This node joined a swarm as a worker.");
        String serviceId = ok(manager, "service", "create", "--name", "dweb", "--replicas", "4", "--stop-grace-period", "1s", "--restart-delay",
                "0s", "--detach", IMAGE, "sleep", "100000").out().trim();
        await().atMost(WAIT).untilAsserted(() -> assertThat(running()).containsExactlyEntriesOf(
                new TreeMap<>(Map.of("d-manager", 2L, "d-worker", 2L))));
        assertThat(containers(serviceId)).isEqualTo(4);

        worker.kill();
        await().atMost(WAIT).untilAsserted(() -> assertThat(running()).containsExactlyEntriesOf(
                new TreeMap<>(Map.of("d-manager", 4L))));
        // the dead worker's containers outlive it on the engine
        assertThat(containers(serviceId)).isEqualTo(6);

        worker.start();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ok(manager, "node", "ls", "--format", "{{.Hostname}} {{.Status}}").lines())
                    .contains("d-worker Ready");
            assertThat(containers(serviceId)).isEqualTo(4);
        });
        assertThat(running()).containsExactlyEntriesOf(new TreeMap<>(Map.of("d-manager", 4L)));
    }
}
