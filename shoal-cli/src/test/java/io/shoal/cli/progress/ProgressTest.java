package io.shoal.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void taskBarsAsDockerDrawsThem() {
        assertThat(Progress.bar("1/2", "running  ", 9, 9).barText(200))
                .isEqualTo("[==================================================>] ");
        assertThat(Progress.bar("1/2", "new      ", 1, 9).barText(200))
                .isEqualTo("[=====>" + " ".repeat(45) + "] ");
        assertThat(Progress.bar("1/2", "new      ", 1, 9).barText(100)).isEmpty();
        assertThat(Progress.update("overall progress", "0 out of 2 tasks").barText(200)).isEmpty();
    }

    @Test
    void countedBarsShowNumbers() {
        assertThat(Progress.counted("x", "", 1, 3, "nodes").barText(200)).isEqualTo("[================>" + " ".repeat(34) + "] 1/3 nodes");
        assertThat(Progress.counted("x", "", 1, 3, "nodes").barText(80)).isEqualTo("1/3 nodes");
    }
}
