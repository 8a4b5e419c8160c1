package io.shoal.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonConfigTest {
    @Test
    void defaults() {
        DaemonConfig c = DaemonConfig.resolve(Map.of(), Map.of(), Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/shoal"));
        assertThat(c.hosts()).containsExactly(new HostAddress.Unix(Path.of("/var/run/shoal.sock")));
        assertThat(c.listenAddr()).isEqualTo(new HostPort("0.0.0.0", 2377));
        assertThat(c.advertiseAddr()).isEmpty();
        assertThat(c.raftAddr()).isEqualTo(new HostPort("0.0.0.0", 2378));
        assertThat(c.hostname()).isNotBlank();
        assertThat(c.executor()).isEmpty();
        assertThat(c.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(c.logLevel()).isEqualTo("info");
    }

    @Test
    void mutualTlsNeedsAllThreeFilesAndTlsverify() {
        assertThat(DaemonConfig.resolve(Map.of(), Map.of(), Map.of()).tls()).isEmpty();
        DaemonConfig c = DaemonConfig.resolve(Map.of("tlsverify", List.of("true"), "tlscacert", List.of("/c/ca.pem"),
                "tlscert", List.of("/c/cert.pem"), "tlskey", List.of("/c/key.pem")), Map.of(), Map.of());
        assertThat(c.tls()).contains(new ApiTls(Path.of("/c/ca.pem"), Path.of("/c/cert.pem"), Path.of("/c/key.pem")));
        assertThatThrownBy(() -> DaemonConfig.resolve(Map.of("tlsverify", List.of("true"),
                "tlscacert", List.of("/c/ca.pem")), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--tlsverify needs --tlscacert, --tlscert and --tlskey");
        assertThatThrownBy(() -> DaemonConfig.resolve(Map.of("tlscert", List.of("/c/cert.pem")), Map.of(), Map.of()))
                .hasMessageContaining("need --tlsverify");
        // from the config file too
        assertThat(DaemonConfig.resolve(Map.of(), Map.of("tlsverify", List.of("true"), "tlscacert", List.of("/a"),
                "tlscert", List.of("/b"), "tlskey", List.of("/c")), Map.of()).tls()).isPresent();
    }

    @Test
    void managerTimingsHaveDefaultsAndFloors() {
        DaemonConfig d = DaemonConfig.resolve(Map.of(), Map.of(), Map.of());
        assertThat(d.sessionLossGrace()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(d.minCertExpiry()).isEqualTo(java.time.Duration.ofHours(1));
        DaemonConfig c = DaemonConfig.resolve(Map.of("session-loss-grace", List.of("300ms"),
                "min-cert-expiry", List.of("2m")), Map.of(), Map.of());
        assertThat(c.sessionLossGrace()).isEqualTo(java.time.Duration.ofMillis(300));
        assertThat(c.minCertExpiry()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThatThrownBy(() -> DaemonConfig.resolve(Map.of("min-cert-expiry", List.of("30s")), Map.of(), Map.of()))
                .hasMessage("min-cert-expiry cannot be below 1m");
        assertThatThrownBy(() -> DaemonConfig.resolve(Map.of("session-loss-grace", List.of("soon")), Map.of(), Map.of()))
                .hasMessageStartingWith("invalid session-loss-grace");
    }

    @Test
    void dockerHostComesFromTheEnvironmentWhenNotSet() {
        DaemonConfig c = DaemonConfig.resolve(Map.of(), Map.of(), Map.of("DOCKER_HOST", "unix:///run/d.sock"));
        assertThat(c.dockerHost()).isEqualTo("unix:///run/d.sock");
        c = DaemonConfig.resolve(Map.of("docker-host", List.of("unix:///flag.sock")), Map.of(),
                Map.of("DOCKER_HOST", "unix:///run/d.sock"));
        assertThat(c.dockerHost()).isEqualTo("unix:///flag.sock");
    }

    @Test
    void flagsWinOverTheFile() {
        Map<String, List<String>> file = Map.of(
                "data-dir", List.of("/srv/file"),
                "host", List.of("unix:///tmp/a.sock", "tcp://127.0.0.1:2375"),
                "hostname", List.of("from-file"),
                "executor", List.of("sim"));
        Map<String, List<String>> flags = Map.of("data-dir", List.of("/srv/flag"), "executor", List.of("process"));
        DaemonConfig c = DaemonConfig.resolve(flags, file, Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/flag"));
        assertThat(c.hosts()).containsExactly(new HostAddress.Unix(Path.of("/tmp/a.sock")),
                new HostAddress.Tcp("127.0.0.1", 2375));
        assertThat(c.hostname()).isEqualTo("from-file");
        assertThat(c.executor()).contains(ExecutorKind.PROCESS);
    }

    @Test
    void raftDefaultsToTheListenHostOnItsOwnPort() {
        DaemonConfig c = DaemonConfig.resolve(Map.of("listen-addr", List.of("127.0.0.1:4000")), Map.of(), Map.of());
        assertThat(c.raftAddr()).isEqualTo(new HostPort("127.0.0.1", 2378));
        c = DaemonConfig.resolve(Map.of("listen-addr", List.of("127.0.0.1:4000"), "raft-addr", List.of(":5000")),
                Map.of(), Map.of());
        assertThat(c.raftAddr()).isEqualTo(new HostPort("127.0.0.1", 5000));
    }

    @Test
    void advertiseIsKeptAsWritten() {
        DaemonConfig c = DaemonConfig.resolve(Map.of("advertise-addr", List.of("eth0:2377")), Map.of(), Map.of());
        assertThat(c.advertiseAddr()).isEqualTo(Optional.of("eth0:2377"));
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> DaemonConfig.resolve(Map.of("executor", List.of("kubernetes")), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docker, process, sim");
        assertThatThrownBy(() -> DaemonConfig.resolve(Map.of(), Map.of("colour", List.of("red")), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown setting 'colour'");
        assertThatThrownBy(() -> DaemonConfig.resolve(Map.of("host", List.of("http://x")), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
