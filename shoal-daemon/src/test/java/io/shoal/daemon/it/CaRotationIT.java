package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.shoal.rpc.proto.DispatcherGrpc;
import io.shoal.rpc.proto.HeartbeatRequest;
import io.shoal.rpc.tls.TlsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code docker swarm ca --rotate} on a running cluster of three daemon processes (one manager, two
 * workers, the process executor): the rotation converges while a service runs, its tasks keep
 * their IDs and processes, every node stays Ready, the root changes, a certificate of the old root
 * alone is refused once the rotation is over, and a new worker joins with the new join token (its
 * digest names the root, so the old token stops working). Then {@code --detach} and the shoal CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaRotationIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** The rotation of a three-node cluster on a quiet machine takes a few seconds. */
    private static final Duration ROTATION_BOUND = Duration.ofSeconds(40);
    private static final String EXEC = "--executor";

    private final String marker = "6" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
    private DaemonProcess manager;
    private DaemonProcess worker1;
    private DaemonProcess worker2;
    private DaemonProcess newcomer;
    private final List<DaemonProcess> all = new ArrayList<>();
    private String oldRoot;
    private String oldWorkerToken;
    private Path oldCertificates;

    @BeforeAll
    void startCluster() throws IOException {
        manager = new DaemonProcess("ca-manager", "127.0.60.11", List.of(EXEC, "process"));
        worker1 = new DaemonProcess("ca-worker1", "127.0.60.12", List.of(EXEC, "process"));
        worker2 = new DaemonProcess("ca-worker2", "127.0.60.13", List.of(EXEC, "process"));
        newcomer = new DaemonProcess("ca-newcomer", "127.0.60.14", List.of(EXEC, "process"));
        all.addAll(List.of(manager, worker1, worker2, newcomer));
        all.parallelStream().forEach(DaemonProcess::start);
        ok(manager, "swarm", "init");
        oldWorkerToken = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
        for (DaemonProcess w : List.of(worker1, worker2)) {
            ok(w, "swarm", "join", "--token", oldWorkerToken, manager.clusterAddr());
        }
        oldCertificates = Files.createTempDirectory(manager.home, "old-certs");
    }

    @AfterAll
    void stopCluster() {
        if (manager != null && manager.isAlive()) {
            manager.docker("service", "rm", "ca-web");
        }
        for (DaemonProcess d : List.of(newcomer, worker2, worker1, manager)) {
            if (d != null) {
                d.close();
            }
        }
        ClusterChecks.killLeftovers(marker);
    }

    private static Command.Result ok(DaemonProcess d, String... args) {
        return ClusterChecks.ok(d, args);
    }

    private Map<String, String> nodeStatus() {
        Map<String, String> out = new TreeMap<>();
        for (String l : ok(manager, "node", "ls", "--format", "{{.Hostname}} {{.Status}}").lines()) {
            String[] f = l.split(" ");
            out.put(f[0], f[1]);
        }
        return out;
    }

    /** Task ID -> node of the service's tasks desired and seen running. */
    private Map<String, String> runningTasks() {
        return ok(manager, "service", "ps", "ca-web", "--filter", "desired-state=running", "--no-trunc",
                "--format", "{{.ID}} {{.Node}} {{.CurrentState}}").lines().stream()
                .filter(l -> l.split(" ")[2].equals("Running"))
                .collect(Collectors.toMap(l -> l.split(" ")[0], l -> l.split(" ")[1], (a, b) -> a, TreeMap::new));
    }

    /** PIDs of this run's task processes. */
    private Set<Long> taskProcesses() {
        String needle = "sleep " + marker;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.endsWith(needle)).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String pem(String text) {
        int b = text.indexOf("-----BEGIN CERTIFICATE-----");
        int e = text.indexOf("-----END CERTIFICATE-----");
        assertThat(b).as(text).isNotNegative();
        return text.substring(b, e + "-----END CERTIFICATE-----".length());
    }

    @Test
    @Order(10)
    void rotationConvergesWhileTasksKeepRunning() throws IOException {
        ok(manager, "service", "create", "--name", "ca-web", "--replicas", "3", "--detach", "busybox", "sleep", marker);
        await().atMost(WAIT).untilAsserted(() -> assertThat(new TreeSet<>(runningTasks().values()))
                .containsExactly("ca-manager", "ca-worker1", "ca-worker2"));
        Map<String, String> tasksBefore = runningTasks();
        Set<Long> pidsBefore = taskProcesses();
        assertThat(pidsBefore).hasSize(3);
        oldRoot = pem(ok(manager, "swarm", "ca").out());
        // keep worker2's certificate of the old root, to present it once the rotation is over
        Path certs = worker2.dataDir.resolve("swarm/certificates");
        try (var files = Files.list(certs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, oldCertificates.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        long started = System.nanoTime();
        Command.Result rotated = ok(manager, "swarm", "ca", "--rotate");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("docker swarm ca --rotate took %s", took).isLessThan(ROTATION_BOUND);
        assertThat(rotated.all()).contains("rotated TLS certificates").contains("rotated CA certificates");
        String newRoot = pem(rotated.out());
        assertThat(newRoot).isNotEqualTo(oldRoot);
        assertThat(pem(ok(manager, "swarm", "ca").out())).isEqualTo(newRoot);
        assertThat(ok(manager, "info").out()).contains("Root Rotation In Progress: false");

        // every node trusts the new root and holds a certificate the new root issued
        for (String l : ok(manager, "node", "ls", "-q").lines()) {
            String trust = ok(manager, "node", "inspect", "--format", "{{.Description.TLSInfo.TrustRoot}}", l).out();
            assertThat(pem(trust)).isEqualTo(newRoot);
        }
        assertThat(nodeStatus()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "ca-manager", "Ready", "ca-worker1", "Ready", "ca-worker2", "Ready")));
        // the same tasks, the same processes: nothing was restarted
        assertThat(runningTasks()).isEqualTo(tasksBefore);
        assertThat(taskProcesses()).isEqualTo(pidsBefore);
    }

    @Test
    @Order(20)
    void aCertificateOfTheOldRootAloneIsRefusedAfterwards() throws Exception {
        TlsIdentity old = TlsIdentity.fromDirectory(oldCertificates);
        assertThat(old.rootCaPem().strip()).isEqualTo(oldRoot.strip());
        assertThatThrownBy(() -> heartbeatPresenting(old))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("certificate signed by unknown authority");
                });
        // worker2's certificate now: accepted (the made-up session is what is wrong)
        TlsIdentity now = TlsIdentity.fromDirectory(worker2.dataDir.resolve("swarm/certificates"));
        assertThat(now.chain()).as("chains straight to the new root").hasSize(1);
        assertThatThrownBy(() -> heartbeatPresenting(now))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("session invalid");
                });
    }

    /** Dispatcher.Heartbeat on the manager presenting {@code id}'s certificate, trusting any server. */
    private void heartbeatPresenting(TlsIdentity id) throws Exception {
        SslContext tls = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(id.privateKey(), id.chain().toArray(java.security.cert.X509Certificate[]::new))
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols("TLSv1.3")
                .build();
        ManagedChannel ch = NettyChannelBuilder.forAddress(manager.ip, manager.listenPort).sslContext(tls).build();
        try {
            DispatcherGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .heartbeat(HeartbeatRequest.newBuilder().setSessionId("made-up").build());
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(30)
    void aNewWorkerJoinsWithTheNewTokenNotTheOldOne() {
        String token = ok(manager, "swarm", "join-token", "-q", "worker").out().trim();
        assertThat(token).isNotEqualTo(oldWorkerToken);
        assertThat(ClusterChecks.fails(newcomer, "swarm", "join", "--token", oldWorkerToken, manager.clusterAddr())
                .err()).contains("remote CA does not match fingerprint");
        assertThat(ok(newcomer, "swarm", "join", "--token", token, manager.clusterAddr()).out())
                .contains("This node joined a swarm as a worker.");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeStatus()).containsEntry("ca-newcomer", "Ready"));
        ok(manager, "service", "scale", "--detach", "ca-web=4");
        await().atMost(WAIT).untilAsserted(() -> assertThat(runningTasks()).containsValue("ca-newcomer"));
    }

    @Test
    @Order(40)
    void detachReturnsAtOnceAndTheShoalCliRotatesToo() {
        String before = pem(ok(manager, "swarm", "ca").out());
        long started = System.nanoTime();
        Command.Result detached = ok(manager, "swarm", "ca", "--rotate", "--detach");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(detached.out()).doesNotContain("rotated TLS certificates");
        await().atMost(ROTATION_BOUND).untilAsserted(() -> {
            assertThat(ok(manager, "info").out()).contains("Root Rotation In Progress: false");
            assertThat(pem(ok(manager, "swarm", "ca").out())).isNotEqualTo(before);
        });
        String afterDetach = pem(ok(manager, "swarm", "ca").out());

        Command.Result shoal = Command.run(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                DaemonProcess.JAR.toString(), "-H", manager.host(), "swarm", "ca", "--rotate"), Map.of(),
                ROTATION_BOUND.plusSeconds(20));
        assertThat(shoal.exit()).as(shoal.toString()).isZero();
        String shoalRoot = pem(shoal.out());
        assertThat(shoalRoot).isNotEqualTo(afterDetach);
        assertThat(pem(ok(manager, "swarm", "ca").out())).isEqualTo(shoalRoot);
        assertThat(nodeStatus().values()).containsOnly("Ready").hasSize(4);
    }
}
