package io.shoal.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesTheShapesDockerdAccepts() {
        assertThat(HostPort.parse("10.0.0.5:2377", "0.0.0.0", 1)).isEqualTo(new HostPort("10.0.0.5", 2377));
        assertThat(HostPort.parse("10.0.0.5", "0.0.0.0", 2377)).isEqualTo(new HostPort("10.0.0.5", 2377));
        assertThat(HostPort.parse(":4000", "0.0.0.0", 2377)).isEqualTo(new HostPort("0.0.0.0", 4000));
        assertThat(HostPort.parse("[::1]:2377", "0.0.0.0", 1)).isEqualTo(new HostPort("::1", 2377));
        assertThat(HostPort.parse("fe80::1", "0.0.0.0", 2377)).isEqualTo(new HostPort("fe80::1", 2377));
        assertThat(HostPort.parse("lo", "0.0.0.0", 2377)).isEqualTo(new HostPort("127.0.0.1", 2377));
    }

    @Test
    void printsIpv6InBrackets() {
        assertThat(new HostPort("::1", 2377).toString()).isEqualTo("[::1]:2377");
        assertThat(new HostPort("10.0.0.5", 2377).toString()).isEqualTo("10.0.0.5:2377");
    }

    @Test
    void refusesBadPorts() {
        assertThatThrownBy(() -> HostPort.parse("host:99999", "0.0.0.0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse("host:x", "0.0.0.0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse("", "0.0.0.0", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knowsTheUnspecifiedAddress() {
        assertThat(new HostPort("0.0.0.0", 1).isUnspecified()).isTrue();
        assertThat(new HostPort("::", 1).isUnspecified()).isTrue();
        assertThat(new HostPort("127.0.0.1", 1).isUnspecified()).isFalse();
    }
}
