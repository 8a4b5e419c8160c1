package io.shoal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogComponentConverterTest {
    @Test
    void shoalLoggersAreNamedForTheirComponent() {
        assertThat(LogComponentConverter.component("io.shoal.daemon")).isEqualTo("daemon");
        assertThat(LogComponentConverter.component("io.shoal.daemon.Daemon")).isEqualTo("daemon");
        assertThat(LogComponentConverter.component("io.shoal.daemon.api.ApiServer")).isEqualTo("api");
        assertThat(LogComponentConverter.component("io.shoal.manager.scheduler.Scheduler")).isEqualTo("scheduler");
        assertThat(LogComponentConverter.component("io.shoal.manager.orchestrator.replicated.X")).isEqualTo("orchestrator");
        assertThat(LogComponentConverter.component("io.shoal.store.MemoryStore")).isEqualTo("store");
        assertThat(LogComponentConverter.component("io.shoal.store.raft.RaftNode")).isEqualTo("raft");
    }

    @Test
    void librariesGetShortNames() {
        assertThat(LogComponentConverter.component("org.apache.ratis.server.RaftServer")).isEqualTo("ratis");
        assertThat(LogComponentConverter.component("org.eclipse.jetty.server.Server")).isEqualTo("jetty");
        assertThat(LogComponentConverter.component("com.example.Thing")).isEqualTo("Thing");
        assertThat(LogComponentConverter.component("")).isEqualTo("-");
    }
}
