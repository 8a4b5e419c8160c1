package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("10s")).isEqualTo(10_000_000_000L);
        assertThat(GoDuration.parse("1m30s")).isEqualTo(90_000_000_000L);
        assertThat(GoDuration.parse("1.5h")).isEqualTo(5_400_000_000_000L);
        assertThat(GoDuration.parse("300ms")).isEqualTo(300_000_000L);
        assertThat(GoDuration.parse("2us")).isEqualTo(2_000L);
        assertThat(GoDuration.parse("2\u00b5s")).isEqualTo(2_000L);
        assertThat(GoDuration.parse("7ns")).isEqualTo(7L);
        assertThat(GoDuration.parse("-1s")).isEqualTo(-1_000_000_000L);
        assertThat(GoDuration.parse("+.5s")).isEqualTo(500_000_000L);
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.parse("720h")).isEqualTo(720L * 3600 * 1_000_000_000L);
    }

    @Test
    void rejectsWhatGoRejectsWithGoMessages() {
        assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
        assertThatThrownBy(() -> GoDuration.parse("1x")).hasMessage("time: unknown unit \"x\" in duration \"1x\"");
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parse("s")).hasMessage("time: invalid duration \"s\"");
        assertThatThrownBy(() -> GoDuration.parse("-")).hasMessage("time: invalid duration \"-\"");
    }

    @Test
    void formatsAsGoDurationString() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(1)).isEqualTo("1ns");
        assertThat(GoDuration.format(1_500)).isEqualTo("1.5\u00b5s");
        assertThat(GoDuration.format(1_500_000)).isEqualTo("1.5ms");
        assertThat(GoDuration.format(5_000_000_000L)).isEqualTo("5s");
        assertThat(GoDuration.format(90_000_000_000L)).isEqualTo("1m30s");
        assertThat(GoDuration.format(7_200_000_000_000L)).isEqualTo("2h0m0s");
        assertThat(GoDuration.format(2_160L * 3600 * 1_000_000_000L)).isEqualTo("2160h0m0s");
        assertThat(GoDuration.format(1_250_000_000L)).isEqualTo("1.25s");
        assertThat(GoDuration.format(-90_000_000_000L)).isEqualTo("-1m30s");
    }
}
