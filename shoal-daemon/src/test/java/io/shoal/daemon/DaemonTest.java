package io.shoal.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.daemon.config.HostAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
    @Test
    void plainHttpOnlyOnLoopback() {
        Daemon.checkHosts(List.of(new HostAddress.Unix(Path.of("/tmp/x.sock")), new HostAddress.Tcp("127.0.0.1", 2375),
                new HostAddress.Tcp("::1", 2375)));
        assertThatThrownBy(() -> Daemon.checkHosts(List.of(new HostAddress.Tcp("0.0.0.0", 2375))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refusing to serve the API on tcp://0.0.0.0:2375 without TLS");
        assertThatThrownBy(() -> Daemon.checkHosts(List.of(new HostAddress.Tcp("192.0.2.10", 2375))))
                .isInstanceOf(IllegalArgumentException.class);
        // with mutual TLS any address is fine
        Daemon.checkHosts(List.of(new HostAddress.Tcp("0.0.0.0", 2376)), true);
    }

    @Test
    void theEngineIdIsMadeOnceAndKept(@TempDir Path dir) {
        String id = Daemon.engineId(dir);
        assertThat(id).matches("[0-9a-z]{25}");
        assertThat(Daemon.engineId(dir)).isEqualTo(id);
        assertThat(dir.resolve("engine-id")).exists();
    }

    @Test
    void theVersionComesFromTheBuild() {
        BuildInfo b = BuildInfo.load();
        assertThat(b.version()).isNotBlank().doesNotContain("${");
        assertThat(b.serverHeader()).isEqualTo("Shoal/" + b.version() + " (linux)");
    }
}
