package io.shoal.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the daemon starts: flags and config file, refused settings, TCP on loopback, the process executor. */
class DaemonStartupIT {
    private static Command.Result daemon(Path dataDir, String... flags) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", DaemonProcess.JAR.toString(),
                "daemon", "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(flags));
        return Command.run(cmd, Map.of(), Duration.ofSeconds(60));
    }

    @Test
    void plainTcpOffLoopbackIsRefused(@TempDir Path dir) {
        Command.Result r = daemon(dir, "--host", "unix://" + dir.resolve("s.sock"), "--host", "tcp://0.0.0.0:23750");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("refusing to serve the API on tcp://0.0.0.0:23750 without TLS")
                .contains("loopback");
    }

    @Test
    void badSettingsSayWhatIsWrong(@TempDir Path dir) throws IOException {
        Command.Result r = daemon(dir, "--executor", "kubernetes");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("invalid executor 'kubernetes': must be one of docker, process, sim");

        Path config = Files.writeString(dir.resolve("shoal.json"), "{\"colour\": \"red\"}");
        r = daemon(dir, "--config", config.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown setting 'colour' in the config file");

        r = daemon(dir, "--no-such-flag");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void helpListsTheFlags(@TempDir Path dir) {
        Command.Result r = daemon(dir, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--data-dir").contains("--host").contains("--listen-addr").contains("--advertise-addr")
                .contains("--raft-addr").contains("--hostname").contains("--executor").contains("--docker-host")
                .contains("--config").contains("--log-level");
    }

    /**
     * A config file names the node, picks the process executor and adds a loopback TCP endpoint;
     * a service then runs as host processes, and SIGTERM stops the node with exit code 0.
     */
    @Test
    void configFileTcpAndTheProcessExecutor() throws IOException {
        int apiPort = DaemonProcess.freePorts(1)[0];
        Path config = Files.createTempFile("shoal-config", ".json");
        DaemonProcess node = null;
        try {
            Files.writeString(config, "{\"hostname\": \"from-config\", \"executor\": \"process\", \"log-level\": \"debug\"}");
            node = new DaemonProcess("proc-node", List.of("--config", config.toString(),
                    "--host", "tcp://127.0.0.1:" + apiPort), false);
            // the --host flag above replaces the default; the unix socket comes from DaemonProcess's own flag
            node.start();
            String tcp = "tcp://127.0.0.1:" + apiPort;
            Command.Result info = node.dockerAt(tcp, "info");
            assertThat(info.exit()).as(info.toString()).isZero();
            assertThat(info.out()).contains("Name: from-config").contains("Swarm: inactive");

            assertThat(node.docker("swarm", "init").exit()).isZero();
            Command.Result create = node.dockerAt(tcp, "service", "create", "--name", "proc", "--replicas", "2",
                    "shoal-test/busybox:latest", "sh", "-c", "echo started; exec sleep 300");
            assertThat(create.exit()).as(create + node.log()).isZero();
            assertThat(create.out()).containsPattern("verify: Service (proc|[0-9a-z]{25}) converged");
            DaemonProcess n = node;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(n.docker("service", "logs", "proc").out()).contains("started"));
            assertThat(node.docker("node", "ls").out()).contains("from-config");
            assertThat(node.log()).contains("executor: process (as configured)").contains("DEBUG");

            // leaving removes the task processes before the daemon goes
            assertThat(node.docker("swarm", "leave", "--force").exit()).isZero();
            assertThat(node.stop()).isZero();
            assertThat(node.log()).contains("shutting down").contains("stopped");
        } finally {
            if (node != null) {
                if (node.isAlive()) {
                    node.stop();
                }
                node.close();
            }
            Files.deleteIfExists(config);
        }
    }

    /**
     * --tlsverify: the TCP endpoint (off loopback's plain-HTTP rule) serves mutual TLS; the docker CLI
     * with a client certificate of the CA gets through, without one it does not.
     */
    @Test
    void tcpWithMutualTls(@TempDir Path certs) throws IOException {
        io.shoal.api.time.SystemClock clock = new io.shoal.api.time.SystemClock();
        io.shoal.manager.ca.RootCa ca = io.shoal.manager.ca.RootCa.generate(clock);
        java.security.KeyPair serverKeys = io.shoal.manager.ca.CertificateRequests.newKeyPair();
        io.shoal.manager.ca.NodeCertificate server = ca.issue(serverKeys.getPublic(), "api-server",
                io.shoal.api.NodeRole.MANAGER, "shoal-test", Duration.ofHours(2), List.of("127.0.0.41", "localhost"));
        java.security.KeyPair clientKeys = io.shoal.manager.ca.CertificateRequests.newKeyPair();
        io.shoal.manager.ca.NodeCertificate client = ca.issue(clientKeys.getPublic(), "api-client",
                io.shoal.api.NodeRole.WORKER, "shoal-test", Duration.ofHours(2), List.of());
        Path serverDir = Files.createDirectories(certs.resolve("server"));
        Path clientDir = Files.createDirectories(certs.resolve("client"));
        for (Path d : List.of(serverDir, clientDir)) {
            Files.writeString(d.resolve("ca.pem"), ca.certPem());
        }
        Files.writeString(serverDir.resolve("cert.pem"), server.certPem());
        Files.writeString(serverDir.resolve("key.pem"), io.shoal.rpc.tls.Pems.encode(serverKeys.getPrivate()));
        Files.writeString(clientDir.resolve("cert.pem"), client.certPem());
        Files.writeString(clientDir.resolve("key.pem"), io.shoal.rpc.tls.Pems.encode(clientKeys.getPrivate()));

        int port = DaemonProcess.freePorts("127.0.0.41", 1)[0];
        String tcp = "tcp://127.0.0.41:" + port;
        DaemonProcess node = new DaemonProcess("tls-node", "127.0.0.41", List.of("--executor", "process",
                "--host", tcp, "--tlsverify", "--tlscacert", serverDir.resolve("ca.pem").toString(),
                "--tlscert", serverDir.resolve("cert.pem").toString(),
                "--tlskey", serverDir.resolve("key.pem").toString()));
        try {
            node.start();
            Command.Result withCert = Command.run(List.of(DaemonProcess.DOCKER.toString(), "-H", tcp, "--tlsverify",
                    "--tlscacert", clientDir.resolve("ca.pem").toString(),
                    "--tlscert", clientDir.resolve("cert.pem").toString(),
                    "--tlskey", clientDir.resolve("key.pem").toString(), "info", "--format", "{{.Name}}"),
                    Map.of("DOCKER_CONFIG", node.dockerConfig.toString()), Duration.ofSeconds(60));
            assertThat(withCert.exit()).as(withCert + "\n" + node.log()).isZero();
            assertThat(withCert.out().trim()).isEqualTo("tls-node");

            // the server's certificate is trusted, but the client shows none
            Command.Result noCert = Command.run(List.of(DaemonProcess.DOCKER.toString(), "-H", tcp, "--tls",
                    "--tlscacert", clientDir.resolve("ca.pem").toString(), "info"),
                    Map.of("DOCKER_CONFIG", node.dockerConfig.toString()), Duration.ofSeconds(60));
            assertThat(noCert.exit()).as(noCert.toString()).isNotZero();
            // plain HTTP gets nothing either
            Command.Result plain = node.dockerAt(tcp, "info");
            assertThat(plain.exit()).as(plain.toString()).isNotZero();
        } finally {
            node.close();
            clock.close();
        }
    }
}
