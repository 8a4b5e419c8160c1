package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import org.junit.jupiter.api.Test;

class ParamsTest {
    @Test
    void boolIsDockerdsBoolValue() {
        assertThat(Params.bool("1")).isTrue();
        assertThat(Params.bool("true")).isTrue();
        assertThat(Params.bool("yes")).isTrue();
        assertThat(Params.bool(" TRUE ")).isTrue();
        assertThat(Params.bool(null)).isFalse();
        assertThat(Params.bool("")).isFalse();
        assertThat(Params.bool("0")).isFalse();
        assertThat(Params.bool("false")).isFalse();
        assertThat(Params.bool("no")).isFalse();
        assertThat(Params.bool("none")).isFalse();
    }

    @Test
    void versionIsADecimalUint64() {
        assertThat(Params.version("service", "42")).isEqualTo(42);
        assertThat(Params.version("service", "0")).isZero();
    }

    @Test
    void missingVersionIsA400WithDockerdsWords() {
        assertThatThrownBy(() -> Params.version("service", null))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("invalid service version '': strconv.ParseUint: parsing \"\": invalid syntax");
    }

    @Test
    void badVersionIsA400() {
        assertThatThrownBy(() -> Params.version("node", "abc"))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("invalid node version 'abc': strconv.ParseUint: parsing \"abc\": invalid syntax");
        assertThatThrownBy(() -> Params.version("swarm", "-1"))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageStartingWith("invalid swarm version '-1'");
        assertThatThrownBy(() -> Params.version("service", "99999999999999999999"))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageEndingWith("value out of range");
    }

    @Test
    void aVersionBeyondAnyIndexIsStale() {
        assertThatThrownBy(() -> Params.version("service", "18446744073709551615"))
                .isInstanceOf(ShoalException.SequenceConflict.class)
                .hasMessage("update out of sequence");
    }
}
