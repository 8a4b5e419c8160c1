package io.shoal.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalEachIdOwnsARowRedrawnInPlace() {
        ProgressDisplay d = new ProgressDisplay(out, true, 150);
        d.write(Progress.update("overall progress", "0 out of 2 tasks"));
        d.write(Progress.update("1/2", " "));
        d.write(Progress.update("2/2", " "));
        d.write(Progress.bar("1/2", "running  ", 9, 9));
        d.write(Progress.update("overall progress", "1 out of 2 tasks"));
        d.write(Progress.update("verify", "Service x converged"));
        String e = "\u001b[";
        // byte for byte what docker 28.2.2 wrote to a terminal for the same reports
        assertThat(text()).isEqualTo(""
                + "\n" + e + "1A" + e + "2K\roverall progress: 0 out of 2 tasks \r" + e + "1B"
                + "\n" + e + "1A" + e + "2K\r1/2:   \r" + e + "1B"
                + "\n" + e + "1A" + e + "2K\r2/2:   \r" + e + "1B"
                + e + "2A" + e + "2K\r1/2: running   [==================================================>] \r" + e + "2B"
                + e + "3A" + e + "2K\roverall progress: 1 out of 2 tasks \r" + e + "3B"
                + "\n" + e + "1A" + e + "2K\rverify: Service x converged \r" + e + "1B");
    }

    @Test
    void messagesArePlainLinesAndStartNewRows() {
        ProgressDisplay d = new ProgressDisplay(out, true, 150);
        d.write(Progress.update("overall progress", "0 out of 1 tasks"));
        d.write(Progress.message("rollback", "rollback completed"));
        d.write(Progress.update("overall progress", "1 out of 1 tasks"));
        String e = "\u001b[";
        assertThat(text()).isEqualTo("\n" + e + "1A" + e + "2K\roverall progress: 0 out of 1 tasks \r" + e + "1B"
                + "rollback: rollback completed\n"
                + "\n" + e + "1A" + e + "2K\roverall progress: 1 out of 1 tasks \r" + e + "1B");
    }

    @Test
    void offATerminalBarsAreDroppedAndEachChangeIsOneLine() {
        ProgressDisplay d = new ProgressDisplay(out, false, 200);
        d.write(Progress.update("overall progress", "0 out of 2 tasks"));
        d.write(Progress.update("1/2", " "));
        d.write(Progress.bar("1/2", "running  ", 9, 9));
        d.write(Progress.update("overall progress", "0 out of 2 tasks"));
        d.write(Progress.update("1/2", "task: non-zero exit (1)"));
        d.write(Progress.update("overall progress", "1 out of 2 tasks"));
        d.write(Progress.message("", "job complete"));
        d.write(Progress.message("", "job complete"));
        assertThat(text()).isEqualTo(""
                + "overall progress: 0 out of 2 tasks\n"
                + "1/2:  \n"
                + "1/2: task: non-zero exit (1)\n"
                + "overall progress: 1 out of 2 tasks\n"
                + "job complete\n"
                + "job complete\n");
    }
}
