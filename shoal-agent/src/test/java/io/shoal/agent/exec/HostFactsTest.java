package io.shoal.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HostFactsTest {
    @Test
    void namesArchitecturesAsDockerDoes() {
        assertThat(HostFacts.dockerArchitecture("amd64")).isEqualTo("x86_64");
        assertThat(HostFacts.dockerArchitecture("aarch64")).isEqualTo("aarch64");
        assertThat(HostFacts.dockerArchitecture("riscv64")).isEqualTo("riscv64");
    }

    @Test
    void describesThisMachine() {
        var d = HostFacts.describe("h", "v1", Map.of("k", "v"));
        assertThat(d.hostname()).isEqualTo("h");
        assertThat(d.platform().os()).isEqualTo("linux");
        assertThat(d.resources().nanoCpus()).isEqualTo(Runtime.getRuntime().availableProcessors() * 1_000_000_000L);
        assertThat(d.resources().memoryBytes()).isGreaterThan(Runtime.getRuntime().maxMemory() / 4);
        assertThat(d.engine().engineVersion()).isEqualTo("v1");
        assertThat(d.engine().labels()).containsEntry("k", "v");
    }
}
