package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void memoryFlagsAreBinaryUnits() {
        assertThat(Units.ramInBytes("64M")).isEqualTo(64L << 20);
        assertThat(Units.ramInBytes("64m")).isEqualTo(64L << 20);
        assertThat(Units.ramInBytes("1G")).isEqualTo(1L << 30);
        assertThat(Units.ramInBytes("1.5GiB")).isEqualTo(3L << 29);
        assertThat(Units.ramInBytes("512kb")).isEqualTo(512L << 10);
        assertThat(Units.ramInBytes("100")).isEqualTo(100);
        assertThat(Units.ramInBytes("100b")).isEqualTo(100);
        assertThat(Units.ramInBytes("2 g")).isEqualTo(2L << 30);
    }

    @Test
    void badMemoryValuesAreRejectedAsDockerDoes() {
        assertThatThrownBy(() -> Units.ramInBytes("1x")).hasMessage("invalid suffix: 'x'");
        assertThatThrownBy(() -> Units.ramInBytes("abc")).hasMessage("invalid size: 'abc'");
        assertThatThrownBy(() -> Units.ramInBytes("1mbb")).hasMessage("invalid suffix: 'mbb'");
    }

    @Test
    void cpusBecomeNanoCpus() {
        assertThat(Units.parseCpus("0.5")).isEqualTo(500_000_000L);
        assertThat(Units.parseCpus("2")).isEqualTo(2_000_000_000L);
        assertThat(Units.parseCpus("1/4")).isEqualTo(250_000_000L);
        assertThat(Units.parseCpus("0.000000001")).isEqualTo(1L);
        assertThatThrownBy(() -> Units.parseCpus("0.0000000001")).hasMessage("value is too precise");
        assertThatThrownBy(() -> Units.parseCpus("abc")).hasMessage("failed to parse abc as a rational number");
    }

    @Test
    void sizesPrintWithFourSignificantDigits() {
        assertThat(Units.bytesSize(67108864)).isEqualTo("64MiB");
        assertThat(Units.bytesSize(8348520448.0)).isEqualTo("7.775GiB");
        assertThat(Units.bytesSize(1000)).isEqualTo("1000B");
        assertThat(Units.bytesSize(1536)).isEqualTo("1.5KiB");
        assertThat(Units.humanSize(4500)).isEqualTo("4.5kB");
        assertThat(Units.humanSize(0)).isEqualTo("0B");
        assertThat(Units.formatG(12345, 4)).isEqualTo("1.234e+04");
    }

    @Test
    void agesReadAsDockerPrintsThem() {
        long s = 1_000_000_000L;
        assertThat(Units.humanDuration(s / 2)).isEqualTo("Less than a second");
        assertThat(Units.humanDuration(s)).isEqualTo("1 second");
        assertThat(Units.humanDuration(59 * s)).isEqualTo("59 seconds");
        assertThat(Units.humanDuration(60 * s)).isEqualTo("About a minute");
        assertThat(Units.humanDuration(119 * s)).isEqualTo("About a minute");
        assertThat(Units.humanDuration(45 * 60 * s)).isEqualTo("45 minutes");
        assertThat(Units.humanDuration(3600 * s)).isEqualTo("About an hour");
        assertThat(Units.humanDuration(7300 * s)).isEqualTo("2 hours");
        assertThat(Units.humanDuration(3 * 86400 * s)).isEqualTo("3 days");
        assertThat(Units.humanDuration(20 * 86400 * s)).isEqualTo("2 weeks");
        assertThat(Units.humanDuration(90 * 86400 * s)).isEqualTo("3 months");
        assertThat(Units.humanDuration(800 * 86400 * s)).isEqualTo("2 years");
    }
}
