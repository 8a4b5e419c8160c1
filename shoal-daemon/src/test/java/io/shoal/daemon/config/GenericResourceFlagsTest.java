package io.shoal.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GenericResourceFlagsTest {
    @Test
    void countsAndNamesBecomeDockersLists() {
        assertThat(GenericResourceFlags.parse(List.of("gpu=GPU-1", "gpu=GPU-2", "fpga=3")).toString()).isEqualTo(
                "[{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"GPU-1\"}},"
                        + "{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"GPU-2\"}},"
                        + "{\"DiscreteResourceSpec\":{\"Kind\":\"fpga\",\"Value\":3}}]");
        assertThat(GenericResourceFlags.parse(List.of())).isNull();
    }

    @Test
    void malformedOrMixedSpecsAreRefused() {
        assertThatThrownBy(() -> GenericResourceFlags.parse(List.of("gpu")))
                .hasMessageContaining("expected KIND=VALUE");
        assertThatThrownBy(() -> GenericResourceFlags.parse(List.of("=2")))
                .hasMessageContaining("expected KIND=VALUE");
        assertThatThrownBy(() -> GenericResourceFlags.parse(List.of("gpu=2", "gpu=GPU-1")))
                .hasMessageContaining("cannot be both counted and named");
        assertThatThrownBy(() -> GenericResourceFlags.parse(List.of("gpu=2", "gpu=3")))
                .hasMessageContaining("counted twice");
    }
}
