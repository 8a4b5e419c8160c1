package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionValuesTest {
    @Test
    void envLabelsAndHosts() {
        assertThat(OptionValues.env("A", Map.of("A", "1")::get)).isEqualTo("A=1");
        assertThat(OptionValues.env("A=", Map.<String, String>of()::get)).isEqualTo("A=");
        assertThatThrownBy(() -> OptionValues.env("=x", k -> null)).hasMessage("invalid environment variable: =x");
        assertThatThrownBy(() -> OptionValues.label("=x")).hasMessage("invalid label '=x': empty name");
        assertThatThrownBy(() -> OptionValues.label("a b=c")).hasMessage("label 'a b' contains whitespaces");
        assertThat(OptionValues.swarmHost(OptionValues.extraHost("db=10.0.0.1"))).isEqualTo("10.0.0.1 db");
        assertThatThrownBy(() -> OptionValues.extraHost("db:nope")).hasMessage("invalid IP address in add-host: \"nope\"");
    }

    @Test
    void capabilitiesAreNormalised() {
        assertThat(OptionValues.effectiveCaps(List.of("net_admin", "SYS_TIME"), List.of("cap_sys_time", "chown")))
                .containsExactly(List.of("CAP_NET_ADMIN"), List.of("CAP_CHOWN"));
        assertThat(OptionValues.effectiveCaps(List.of("all", "net_admin"), null)).containsExactly(List.of("ALL"), List.of());
    }

    @Test
    void ulimitsAndNetworks() {
        assertThat(OptionValues.ulimit("nofile=10").toString()).isEqualTo("{\"Name\":\"nofile\",\"Hard\":10,\"Soft\":10}");
        assertThatThrownBy(() -> OptionValues.ulimit("bogus=1")).hasMessage("invalid ulimit type: bogus");
        assertThat(OptionValues.network("name=front,alias=a,alias=b,driver-opt=k=v").toString())
                .isEqualTo("{\"Target\":\"front\",\"Aliases\":[\"a\",\"b\"],\"DriverOpts\":{\"k\":\"v\"}}");
        assertThat(OptionValues.placementPreference("spread=node.id").toString())
                .isEqualTo("{\"Spread\":{\"SpreadDescriptor\":\"node.id\"}}");
        assertThatThrownBy(() -> OptionValues.placementPreference("pack=x"))
                .hasMessage("unsupported placement preference pack (only spread is supported)");
    }
}
