package io.shoal.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import org.junit.jupiter.api.Test;

class ManagerAddressTest {
    @Test
    void parsesHostPortAndDefaultsThePort() {
        assertThat(ManagerAddress.parse("10.0.0.1:2400")).isEqualTo(new ManagerAddress("10.0.0.1", 2400));
        assertThat(ManagerAddress.parse("10.0.0.1")).isEqualTo(new ManagerAddress("10.0.0.1", 2377));
        assertThat(ManagerAddress.parse("manager-1:7")).isEqualTo(new ManagerAddress("manager-1", 7));
    }

    @Test
    void parsesIpv6() {
        assertThat(ManagerAddress.parse("[::1]:2378")).isEqualTo(new ManagerAddress("::1", 2378));
        assertThat(ManagerAddress.parse("[fe80::1]")).isEqualTo(new ManagerAddress("fe80::1", 2377));
        assertThat(ManagerAddress.parse("fe80::1")).isEqualTo(new ManagerAddress("fe80::1", 2377));
        assertThat(new ManagerAddress("::1", 2377)).hasToString("[::1]:2377");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> ManagerAddress.parse("")).isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> ManagerAddress.parse("host:notaport")).isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> ManagerAddress.parse("host:70000")).isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> ManagerAddress.parse(":2377")).isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> ManagerAddress.parse("[::1")).isInstanceOf(ShoalException.InvalidArgument.class);
    }
}
