package io.shoal.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.agent.exec.process.ProcessExecutor;
import io.shoal.agent.exec.sim.SimExecutor;
import io.shoal.api.time.FakeClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorsTest {
    @TempDir
    Path dir;

    @Test
    void makesTheExecutorOfEachKind() {
        FakeClock clock = new FakeClock();
        assertThat(Executors.create("process", null, dir, "h", clock)).isInstanceOf(ProcessExecutor.class);
        assertThat(Executors.create("sim", null, dir, "h", clock)).isInstanceOf(SimExecutor.class);
        try (Executor e = Executors.create("sim", null, dir, "h")) {
            assertThat(e.describe().hostname()).isEqualTo("h");
        }
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThatThrownBy(() -> Executors.create("lxc", null, dir, "h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown executor \"lxc\": want docker, process or sim");
    }

    @Test
    void noEngineAnswersOnAMissingSocket() {
        assertThat(Executors.dockerAnswers("unix://" + dir.resolve("none.sock"))).isFalse();
        assertThat(Executors.dockerAnswers(null)).isFalse();
    }
}
