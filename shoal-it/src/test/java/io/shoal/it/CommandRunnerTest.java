package io.shoal.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRunnerTest {
    private final CommandRunner sh = new CommandRunner(List.of("/bin/sh", "-c"), Map.of("SHOAL_IT_X", "set"),
            List.of("SHOAL_IT_GONE"), Duration.ofSeconds(10));

    @Test
    void capturesBothStreamsAndTheExitCode() {
        CommandResult r = sh.run("echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.ok()).isFalse();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.describe()).contains("exit 3").contains("out").contains("err");
    }

    @Test
    void setsAndRemovesEnvironmentAndGivesNoInput() {
        CommandResult r = sh.run("echo \"$SHOAL_IT_X/${SHOAL_IT_GONE:-none}\"; cat");
        assertThat(r.ok()).isTrue();
        assertThat(r.lines()).containsExactly("set/none");
    }

    @Test
    void killsACommandThatOverrunsItsTime() {
        CommandResult r = sh.run(Duration.ofMillis(300), "echo started; sleep 30");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(r.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(r.stdout()).isEqualTo("started\n");
    }

    @Test
    void linesDropBlankOnesAndTrailingSpace() {
        assertThat(sh.run("printf 'a  \\n\\n b\\n'").lines()).containsExactly("a", " b");
    }
}
