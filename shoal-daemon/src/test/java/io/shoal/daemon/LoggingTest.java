package io.shoal.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class LoggingTest {
    @Test
    void levelsByName() {
        assertThat(Logging.parseLevel("debug")).isEqualTo(Level.DEBUG);
        assertThat(Logging.parseLevel("INFO")).isEqualTo(Level.INFO);
        assertThat(Logging.parseLevel("warning")).isEqualTo(Level.WARN);
        assertThat(Logging.parseLevel(null)).isEqualTo(Level.INFO);
        assertThatThrownBy(() -> Logging.parseLevel("loud")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trace, debug, info, warn, error");
    }
}
