package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineProxyTest {
    @Test
    void requestsGoToTheEngineUnversioned() {
        assertThat(EngineProxy.enginePath("/v1.50/containers/json", "all=1")).isEqualTo("/containers/json?all=1");
        assertThat(EngineProxy.enginePath("/containers/abc/logs", null)).isEqualTo("/containers/abc/logs");
        assertThat(EngineProxy.enginePath("/v1.24/images/shoal-test/busybox:latest/json", ""))
                .isEqualTo("/images/shoal-test/busybox:latest/json");
        assertThat(EngineProxy.enginePath("/volumes/v1.50/x", null)).isEqualTo("/volumes/v1.50/x");
    }

    @Test
    void onlyUnixAndTcpEnginesCanBeProxied() {
        assertThatThrownBy(() -> new EngineProxy("ssh://host")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unix:///path or tcp://host:port");
        new EngineProxy("unix:///run/none.sock").close();
    }
}
