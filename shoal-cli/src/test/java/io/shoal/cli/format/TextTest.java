package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void dockerTextConventions() {
        assertThat(Text.shortId("abcdefghijklmnopqrstuvwxy")).isEqualTo("abcdefghijkl");
        assertThat(Text.shortId("sha256:0123456789abcdef")).isEqualTo("0123456789ab");
        assertThat(Text.capitalizeFirst("running")).isEqualTo("Running");
        assertThat(Text.capitalizeFirst("HEARTBEAT failure")).isEqualTo("Heartbeat failure");
        assertThat(Text.ellipsis("task: non-zero exit (1): this is long", 30)).isEqualTo("task: non-zero exit (1): this\u2026");
        assertThat(Text.ellipsis("short", 30)).isEqualTo("short");
    }

    @Test
    void goTimeStringAndAges() {
        assertThat(Text.goTime(Instant.parse("2020-03-04T05:06:07.120Z"))).isEqualTo("2020-03-04 05:06:07.12 +0000 UTC");
        assertThat(Text.goTime(Instant.parse("2020-03-04T05:06:07Z"))).isEqualTo("2020-03-04 05:06:07 +0000 UTC");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Text.ago(now.minusSeconds(3), now)).isEqualTo("3 seconds ago");
        assertThat(Text.ago(Text.instant("2025-12-31T23:58:30+00:00"), now)).isEqualTo("About a minute ago");
        assertThat(Text.instant("not a time")).isNull();
    }
}
