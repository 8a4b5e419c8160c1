package io.shoal.agent.exec.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.logs.LogOptions;
import io.shoal.api.time.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pump and the reader on files written by the test: no process, a fake clock. */
class LogPumpTest {
    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();

    void append(Path f, String s) throws Exception {
        Files.writeString(f, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    List<String> read(TaskFiles files, LogOptions o) throws InterruptedException {
        List<String> out = new ArrayList<>();
        new LogReader(files, clock).stream(o, (stream, at, text) -> out.add(stream + "@" + at + ":" + text));
        return out;
    }

    @Test
    void copiesCompleteLinesStampedWithWhenTheyWereSeen() throws Exception {
        TaskFiles files = new TaskFiles(dir);
        LogPump pump = new LogPump(files, clock, () -> true);
        append(files.stdoutRaw(), "a\nb");
        append(files.stderrRaw(), "oops\n");
        assertThat(pump.pass(false)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        append(files.stdoutRaw(), "c\n");
        pump.pass(false);
        assertThat(pump.pass(false)).isFalse();

        LogOptions all = new LogOptions(false, true, true, null, null, true);
        assertThat(read(files, all)).containsExactly(
                "1@2026-01-01T00:00:00Z:a", "2@2026-01-01T00:00:00Z:oops", "1@2026-01-01T00:00:01Z:bc");
        assertThat(read(files, new LogOptions(false, true, true, clock.instant(), null, true)))
                .containsExactly("1@2026-01-01T00:00:01Z:bc");
        assertThat(read(files, new LogOptions(false, true, true, null, 1L, true)))
                .containsExactly("1@2026-01-01T00:00:01Z:bc");
    }

    @Test
    void aLastPassTakesTheUnterminatedLineAndANewPumpGoesOnWhereTheOldStopped() throws Exception {
        TaskFiles files = new TaskFiles(dir);
        append(files.stdoutRaw(), "one\ntwo");
        new LogPump(files, clock, () -> true).pass(false);
        // a restarted daemon's pump
        LogPump again = new LogPump(files, clock, () -> false);
        again.pass(true);
        assertThat(read(files, new LogOptions(false, true, false, null, null, true)))
                .extracting(s -> s.substring(s.indexOf(':', 20) + 1)).containsExactly("one", "two");
    }

    @Test
    void parsesItsOwnLines() {
        var l = LogPump.Line.parse("2026-01-01T00:00:00.123Z 2 hello world");
        assertThat(l.stream()).isEqualTo(2);
        assertThat(l.text()).isEqualTo("hello world");
        assertThat(LogPump.Line.parse("garbage")).isNull();
    }
}
