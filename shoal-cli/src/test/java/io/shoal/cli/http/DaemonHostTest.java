package io.shoal.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DaemonHostTest {
    @Test
    void defaultIsTheShoalSocket() {
        DaemonHost h = DaemonHost.parse(null, false);
        assertThat(h.isUnix()).isTrue();
        assertThat(h.socketPath()).isEqualTo("/var/run/shoal.sock");
        assertThat(h.display()).isEqualTo("unix:///var/run/shoal.sock");
    }

    @Test
    void tcpForms() {
        assertThat(DaemonHost.parse("tcp://10.0.0.5:2375", false).baseUrl()).isEqualTo("http://10.0.0.5:2375");
        assertThat(DaemonHost.parse("tcp://10.0.0.5", false).port()).isEqualTo(2375);
        assertThat(DaemonHost.parse("tcp://10.0.0.5", true).baseUrl()).isEqualTo("https://10.0.0.5:2376");
        assertThat(DaemonHost.parse("127.0.0.1:9999", false).baseUrl()).isEqualTo("http://127.0.0.1:9999");
        assertThat(DaemonHost.parse("tcp://[::1]:2375", false).baseUrl()).isEqualTo("http://[::1]:2375");
        assertThat(DaemonHost.parse("unix:///tmp/x.sock", false).socketPath()).isEqualTo("/tmp/x.sock");
    }

    @Test
    void unknownSchemesAreRefused() {
        assertThatThrownBy(() -> DaemonHost.parse("ssh://host", false)).hasMessageContaining("Invalid bind address format");
    }
}
