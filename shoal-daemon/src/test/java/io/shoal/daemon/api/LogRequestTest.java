package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogRequestTest {
    @Test
    void readsWhatTheCliSends() {
        Map<String, String> q = Map.of("details", "1", "stderr", "1", "stdout", "1", "tail", "all", "follow", "1",
                "timestamps", "1", "since", "1700000000.000000123");
        LogRequest r = LogRequest.parse(q::get);
        assertThat(r.details()).isTrue();
        assertThat(r.options().follow()).isTrue();
        assertThat(r.options().stdout()).isTrue();
        assertThat(r.options().stderr()).isTrue();
        assertThat(r.options().timestamps()).isTrue();
        assertThat(r.options().tail()).isNull();
        assertThat(r.options().since()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123));
    }

    @Test
    void atLeastOneStreamIsNeeded() {
        assertThatThrownBy(() -> LogRequest.parse(Map.of("stdout", "0")::get))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("Bad parameters: you must choose at least one stream");
    }

    @Test
    void tailIsAllOrACount() {
        assertThat(LogRequest.tail(null)).isNull();
        assertThat(LogRequest.tail("all")).isNull();
        assertThat(LogRequest.tail("10")).isEqualTo(10);
        assertThat(LogRequest.tail("0")).isZero();
        assertThatThrownBy(() -> LogRequest.tail("ten")).isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageStartingWith("tail value must be a positive integer or \"all\"");
        assertThatThrownBy(() -> LogRequest.tail("-3")).isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageStartingWith("negative tail values not supported");
    }

    @Test
    void sinceIsUnixSecondsWithOptionalNanos() {
        assertThat(LogRequest.since("0")).isNull();
        assertThat(LogRequest.since("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThatThrownBy(() -> LogRequest.since("yesterday")).isInstanceOf(ShoalException.InvalidArgument.class);
        assertThatThrownBy(() -> LogRequest.since("1.2.3")).isInstanceOf(ShoalException.InvalidArgument.class);
    }
}
