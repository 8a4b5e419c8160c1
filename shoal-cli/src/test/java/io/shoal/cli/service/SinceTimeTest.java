package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SinceTimeTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void readsDurationsTimesDatesAndUnixSeconds() {
        assertThat(SinceTime.toQuery("42m", NOW, ZoneOffset.UTC)).isEqualTo(Long.toString(NOW.getEpochSecond() - 42 * 60));
        assertThat(SinceTime.toQuery("2013-01-02T13:23:37Z", NOW, ZoneOffset.UTC)).isEqualTo("1357133017.000000000");
        assertThat(SinceTime.toQuery("2013-01-02T13:23:37.5+01:00", NOW, ZoneOffset.UTC)).isEqualTo("1357129417.500000000");
        assertThat(SinceTime.toQuery("2013-01-02", NOW, ZoneOffset.ofHours(1))).isEqualTo("1357081200.000000000");
        assertThat(SinceTime.toQuery("1357133017", NOW, ZoneOffset.UTC)).isEqualTo("1357133017");
        assertThat(SinceTime.toQuery("1357133017.25", NOW, ZoneOffset.UTC)).isEqualTo("1357133017.25");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> SinceTime.toQuery("soon", NOW, ZoneOffset.UTC))
                .hasMessage("invalid value for \"since\": failed to parse value as time or duration: \"soon\"");
    }
}
