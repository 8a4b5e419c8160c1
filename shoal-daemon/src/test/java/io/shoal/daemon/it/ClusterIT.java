package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.shoal.api.time.SystemClock;
import io.shoal.rpc.proto.DispatcherGrpc;
import io.shoal.rpc.proto.HeartbeatRequest;
import io.shoal.rpc.proto.LeaderInfoRequest;
import io.shoal.rpc.proto.LeaderInfoResponse;
import io.shoal.rpc.proto.ManagerControlGrpc;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsContexts;
import io.shoal.rpc.tls.TlsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three daemon processes, each on its own loopback address with its own socket, data dir and ports:
 * one manager and two workers that join through the real docker CLI, with the process executor.
 * Replicas spread over the nodes; drain, pause, kill -9 of a worker (its replicas run elsewhere, and
 * once it is back exactly the asked number runs), removal of a down node (it cannot come back),
 * join-token rotation and the cluster port's mutual-TLS checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EXEC = "--executor";

    /** A number no other run uses, so the task processes of this run can be counted by command line. */
    private final String marker = "4" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
    private DaemonProcess manager;
    private DaemonProcess worker1;
    private DaemonProcess worker2;
    private final List<DaemonProcess> all = new ArrayList<>();
    private String workerToken;

    @BeforeAll
    void startNodes() {
        manager = new DaemonProcess("c-manager", "127.0.0.21", List.of(EXEC, "process"));
        worker1 = new DaemonProcess("c-worker1", "127.0.0.22", List.of(EXEC, "process"));
        worker2 = new DaemonProcess("c-worker2", "127.0.0.23", List.of(EXEC, "process"));
        all.addAll(List.of(manager, worker1, worker2));
        all.parallelStream().forEach(DaemonProcess::start);
    }

    @AfterAll
    void stopNodes() {
        if (manager != null && manager.isAlive()) {
            manager.docker("service", "rm", "web", "fleet", "fast", "everywhere");
        }
        // workers first: they leave while their manager can still see them go
        for (DaemonProcess d : List.of(worker2, worker1, manager)) {
            if (d != null) {
                d.close();
            }
        }
    }

    private Command.Result ok(DaemonProcess d, String... args) {
        return ClusterChecks.ok(d, args);
    }

    private static Command.Result fails(DaemonProcess d, String... args) {
        return ClusterChecks.fails(d, args);
    }


    private String nodeId(DaemonProcess d) {
        return ok(d, "info", "--format", "{{.Swarm.NodeID}}").out().trim();
    }

    /** HOSTNAME -> STATUS of every node, as the manager's {@code node ls} shows them. */
    private Map<String, String> nodeStatus() {
        Map<String, String> out = new TreeMap<>();
        for (String l : ok(manager, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.Availability}}").lines()) {
            String[] f = l.split(" ");
            out.put(f[0], f[1] + " " + f[2]);
        }
        return out;
    }

    /** Node hostname -> number of tasks of {@code service} meant to run and running there. */
    private Map<String, Long> running(String service) {
        return ok(manager, "service", "ps", service, "--filter", "desired-state=running",
                "--format", "{{.Node}} {{.CurrentState}}").lines().stream()
                .filter(l -> l.split(" ")[1].equals("Running"))
                .collect(Collectors.groupingBy(l -> l.split(" ")[0], TreeMap::new, Collectors.counting()));
    }

    private static long total(Map<String, Long> perNode) {
        return perNode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Task processes of this run still alive on the machine, for one service's command. */
    private long processes(String seconds) {
        String needle = "sleep " + seconds;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.endsWith(needle)).orElse(false))
                .count();
    }

    private String sleep(int n) {
        return marker + n;
    }

    @Test
    @Order(10)
    void workersJoinThroughTheDockerCli() {
        Command.Result init = ok(manager, "swarm", "init");
        // the join command names the real cluster port, not 2377
        assertThat(init.out()).contains(manager.clusterAddr());
        workerToken = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
        assertThat(workerToken).startsWith("SWMTKN-1-");

        for (DaemonProcess w : List.of(worker1, worker2)) {
            Command.Result join = ok(w, "swarm", "join", "--token", workerToken, manager.clusterAddr());
            assertThat(join.out()).contains("This node joined a swarm as a worker.");
        }
        assertThat(nodeStatus()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "c-manager", "Ready Active", "c-worker1", "Ready Active", "c-worker2", "Ready Active")));
        String ls = ok(manager, "node", "ls").out();
        assertThat(ls).containsPattern(nodeId(manager) + " \\*\\s+c-manager\\s+Ready\\s+Active\\s+Leader");
        assertThat(ok(manager, "info").out()).contains("Nodes: 3").contains("Managers: 1");
        // Docker's floor for certificate lifetimes holds unless the manager was started for tests
        assertThat(fails(manager, "swarm", "update", "--cert-expiry", "30m").err())
                .contains("minimum certificate expiry time is: 1h0m0s");

        // a worker knows its managers but answers no cluster questions
        Command.Result info = ok(worker1, "info");
        assertThat(info.out()).contains("Swarm: active").contains("Is Manager: false")
                .contains("Node Address: 127.0.0.22").contains(manager.clusterAddr());
        assertThat(fails(worker1, "node", "ls").err()).contains("This node is not a swarm manager. Worker nodes "
                + "can't be used to view or modify cluster state. Please run this command on a manager node or "
                + "promote the current node to a manager.");
        assertThat(worker1.http().get("/_ping").header("Swarm")).isEqualTo("active/worker");
        assertThat(fails(worker1, "swarm", "join", "--token", workerToken, manager.clusterAddr()).err())
                .contains("This node is already part of a swarm");
    }

    @Test
    @Order(20)
    void replicasSpreadOverTheNodes() {
        ok(manager, "service", "create", "--name", "web", "--replicas", "6", "--detach", "busybox", "sleep", sleep(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(running("web")).containsExactlyEntriesOf(
                new TreeMap<>(Map.of("c-manager", 2L, "c-worker1", 2L, "c-worker2", 2L))));
        ok(manager, "service", "create", "--name", "everywhere", "--mode", "global", "--detach", "busybox", "sleep",
                sleep(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(running("everywhere")).hasSize(3)
                .allSatisfy((n, c) -> assertThat(c).isEqualTo(1L)));
        // node ps on the manager, about a worker
        assertThat(ok(manager, "node", "ps", "c-worker1", "--format", "{{.Name}}").lines())
                .anyMatch(l -> l.startsWith("web.")).anyMatch(l -> l.startsWith("everywhere."));
    }

    @Test
    @Order(30)
    void drainMovesTasksOffAndPauseStopsPlacements() {
        ok(manager, "node", "update", "--availability", "drain", "c-worker2");
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> web = running("web");
            assertThat(web).doesNotContainKey("c-worker2");
            assertThat(total(web)).isEqualTo(6);
            assertThat(running("everywhere")).doesNotContainKey("c-worker2");
        });
        ok(manager, "node", "update", "--availability", "pause", "c-worker2");
        ok(manager, "service", "scale", "--detach", "web=8");
        await().atMost(WAIT).untilAsserted(() -> assertThat(total(running("web"))).isEqualTo(8));
        assertThat(running("web")).doesNotContainKey("c-worker2");
        assertThat(nodeStatus()).containsEntry("c-worker2", "Ready Pause");

        ok(manager, "node", "update", "--availability", "active", "--label-add", "zone=b", "c-worker2");
        assertThat(ok(manager, "node", "inspect", "--format", "{{.Spec.Labels.zone}}", "c-worker2").out().trim())
                .isEqualTo("b");
        ok(manager, "service", "scale", "--detach", "web=6");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(total(running("web"))).isEqualTo(6);
            assertThat(running("everywhere")).containsKey("c-worker2");
        });
    }

    @Test
    @Order(40)
    void aKilledWorkersReplicasRunElsewhereAndItsStaleTasksStopWhenItReturns() throws Exception {
        ok(manager, "service", "create", "--name", "fleet", "--replicas", "20", "--detach", "busybox", "sleep",
                sleep(3));
        ok(manager, "service", "create", "--name", "fast", "--replicas", "20", "--restart-delay", "0s", "--detach",
                "busybox", "sleep", sleep(4));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(total(running("fleet"))).isEqualTo(20);
            assertThat(total(running("fast"))).isEqualTo(20);
        });
        assertThat(running("fleet")).containsKey("c-worker1");

        long killed = System.nanoTime();
        worker1.kill();
        Function<Long, String> since = t -> String.format("%.2f s", (t - killed) / 1e9);
        long down = waitFor(() -> nodeStatus().get("c-worker1").startsWith("Down"));
        long fastBack = waitFor(() -> total(running("fast")) == 20 && !running("fast").containsKey("c-worker1"));
        long fleetBack = waitFor(() -> total(running("fleet")) == 20 && !running("fleet").containsKey("c-worker1"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(running("web")).doesNotContainKey("c-worker1")
                .satisfies(m -> assertThat(total(m)).isEqualTo(6)));
        String report = "kill -9 of a worker (3 nodes, 20 replicas): node Down after " + since.apply(down)
                + "; all 20 replicas Running elsewhere after " + since.apply(fastBack) + " with --restart-delay 0s, "
                + since.apply(fleetBack) + " with the default restart delay (5 s; not applied to a lost node's tasks)";
        // The target is 5 s with the default settings (bench/node-failure measures it); a timed assertion
        // would fail on a loaded machine, so the waits above only bound convergence generously.
        System.out.println(report);
        Files.writeString(Path.of("target", "failover-times.txt"), report + "\n");

        // the killed worker's task processes outlived it; once it is back they are shut down
        worker1.start();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(nodeStatus()).containsEntry("c-worker1", "Ready Active");
            assertThat(processes(sleep(1))).isEqualTo(6);
            assertThat(processes(sleep(3))).isEqualTo(20);
            assertThat(processes(sleep(4))).isEqualTo(20);
            assertThat(total(running("fleet"))).isEqualTo(20);
            assertThat(running("everywhere")).hasSize(3);
        });
    }

    /**
     * Polls {@code condition} until true (bounded) and returns when it first held. On a timeout the
     * failure carries the cluster's state and the manager's log, so a failure seen only in CI explains itself.
     */
    private long waitFor(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- node ls:\n" + manager.docker("node", "ls").out()
                    + "\n--- service ps (fleet, fast):\n"
                    + manager.docker("service", "ps", "--no-trunc", "fleet", "fast").out()
                    + "\n--- manager log tail:\n" + ClusterChecks.tail(manager.log(), 150), e);
        }
        return System.nanoTime();
    }

    @Test
    @Order(50)
    void theClusterPortWantsACertificateOfTheRightRole() throws Exception {
        String host = manager.ip;
        int port = manager.listenPort;
        // no client certificate
        ManagedChannel anonymous = NettyChannelBuilder.forAddress(host, port)
                .sslContext(TlsContexts.clientTrustingAnyone()).build();
        try {
            assertThatThrownBy(() -> DispatcherGrpc.newBlockingStub(anonymous).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .heartbeat(HeartbeatRequest.newBuilder().setSessionId("x").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).contains("no client certificate");
                    });
        } finally {
            anonymous.shutdownNow();
        }
        // no TLS at all: there is no plaintext cluster port
        ManagedChannel plain = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            assertThatThrownBy(() -> ManagerControlGrpc.newBlockingStub(plain).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .leaderInfo(LeaderInfoRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            plain.shutdownNow();
        }
        // a worker's certificate cannot make a manager's call; the manager's can
        assertThatThrownBy(() -> leaderInfo(worker2))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("unauthorized peer role: swarm-worker, expecting: [swarm-manager]");
                });
        LeaderInfoResponse self = leaderInfo(manager);
        assertThat(self.getLeader()).isTrue();
        assertThat(self.getNodeId()).isEqualTo(nodeId(manager));
    }

    /** ManagerControl.LeaderInfo on the manager with the certificate {@code node} keeps on disk. */
    private LeaderInfoResponse leaderInfo(DaemonProcess node) throws IOException {
        Path certs = node.dataDir.resolve("swarm/certificates");
        ReloadableIdentity identity = new ReloadableIdentity(TlsIdentity.fromDirectory(certs));
        ManagedChannel ch = NettyChannelBuilder.forAddress(manager.ip, manager.listenPort)
                .sslContext(TlsContexts.client(identity, new SystemClock())).build();
        try {
            return ManagerControlGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .leaderInfo(LeaderInfoRequest.getDefaultInstance());
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    @Order(60)
    void badAndRotatedTokensAreRefusedAndARemovedNodeCannotComeBack() {
        String wrong = workerToken.substring(0, workerToken.length() - 5) + "zzzzz";
        // worker2 is still a member; a fresh daemon stands in as the newcomer
        DaemonProcess newcomer = new DaemonProcess("c-newcomer", "127.0.0.24", List.of(EXEC, "process"));
        all.add(newcomer);
        try {
            newcomer.start();
            assertThat(fails(newcomer, "swarm", "join", "--token", wrong, manager.clusterAddr()).err())
                    .contains("A valid join token is necessary to join this cluster");
            assertThat(fails(newcomer, "swarm", "join", "--token", "SWMTKN-1-nonsense", manager.clusterAddr()).err())
                    .contains("invalid join token");

            // rotate: the old token stops working, the new one works
            Command.Result rotated = ok(manager, "swarm", "join-token", "--rotate", "worker");
            assertThat(rotated.out()).contains("Successfully rotated worker join token.");
            String fresh = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
            assertThat(fresh).isNotEqualTo(workerToken);
            assertThat(fails(newcomer, "swarm", "join", "--token", workerToken, manager.clusterAddr()).err())
                    .contains("A valid join token is necessary to join this cluster");
            ok(newcomer, "swarm", "join", "--token", fresh, manager.clusterAddr());
            await().atMost(WAIT).untilAsserted(() -> assertThat(nodeStatus()).containsEntry("c-newcomer", "Ready Active")
                    .hasSize(4));
            // the global service follows the new node
            await().atMost(WAIT).untilAsserted(() -> assertThat(running("everywhere")).containsKey("c-newcomer"));

            // down, removed, and refused when it comes back
            String id = nodeId(newcomer);
            newcomer.kill();
            await().atMost(WAIT).untilAsserted(() -> assertThat(nodeStatus().get("c-newcomer")).startsWith("Down"));
            assertThat(fails(manager, "node", "rm", "c-worker2").err()).contains("is not down and can't be removed");
            assertThat(ok(manager, "node", "rm", "c-newcomer").out().trim()).isEqualTo("c-newcomer");
            assertThat(nodeStatus()).doesNotContainKey("c-newcomer");
            await().atMost(WAIT).untilAsserted(() -> assertThat(running("everywhere")).doesNotContainKey("c-newcomer")
                    .hasSize(3));
            newcomer.start();
            await().atMost(WAIT).untilAsserted(() -> {
                Command.Result info = ok(newcomer, "info");
                assertThat(info.out()).contains("Swarm: error").contains("node " + id + " was removed from the swarm");
            });
            assertThat(nodeStatus()).doesNotContainKey("c-newcomer");
            ok(newcomer, "swarm", "leave", "--force");
            assertThat(ok(newcomer, "info").out()).contains("Swarm: inactive");
        } finally {
            newcomer.close();
        }
    }

    @Test
    @Order(70)
    void aWorkerThatLeavesIsDownAndCanBeRemoved() {
        ok(worker2, "swarm", "leave");
        assertThat(ok(worker2, "info").out()).contains("Swarm: inactive");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeStatus().get("c-worker2")).startsWith("Down"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(running("web")).doesNotContainKey("c-worker2");
            assertThat(total(running("web"))).isEqualTo(6);
        });
        ok(manager, "node", "rm", "c-worker2");
        assertThat(nodeStatus()).doesNotContainKey("c-worker2").hasSize(2);
    }
}
