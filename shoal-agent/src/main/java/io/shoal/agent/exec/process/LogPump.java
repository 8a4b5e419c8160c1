package io.shoal.agent.exec.process;

import io.shoal.agent.exec.ClockPause;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a process's raw output into the task log, one line at a time, stamped with when it was
 * seen: {@code <RFC 3339 time> <1|2> <text>}. It polls, because the process writes to plain files
 * (pipes would kill it with SIGPIPE when the daemon restarts). Progress is saved, so a restarted
 * daemon's pump goes on where the last one stopped.
 */
final class LogPump {
    private static final Logger log = LoggerFactory.getLogger(LogPump.class);
    static final Duration POLL = Duration.ofMillis(100);
    private static final int MAX_READ = 1 << 20;

    private final TaskFiles files;
    private final Clock clock;
    private final BooleanSupplier alive;
    private final long[] offsets;
    private volatile Thread thread;

    LogPump(TaskFiles files, Clock clock, BooleanSupplier alive) {
        this.files = files;
        this.clock = clock;
        this.alive = alive;
        this.offsets = files.loadOffsets();
    }

    /** Runs on a virtual thread until the process has ended and its last output is copied. */
    LogPump start(String name) {
        thread = Thread.ofVirtual().name(name).start(this::run);
        return this;
    }

    void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits until the pump has copied the last output of an ended process. */
    void awaitDone() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join();
        }
    }

    private void run() {
        try {
            while (true) {
                boolean running = alive.getAsBoolean();
                boolean copied = pass(false);
                if (!running) {
                    pass(true);
                    Files.write(files.done(), new byte[0]);
                    return;
                }
                if (!copied) {
                    ClockPause.pause(clock, POLL);
                }
            }
        } catch (InterruptedException e) {
            // stopped: a later pump takes over from the saved offsets
        } catch (IOException | RuntimeException e) {
            log.warn("copying the output of {} stopped: {}", files.dir(), e.toString());
        }
    }

    /** Copies new complete lines (and, at the end, a last unterminated one). True if anything was copied. */
    boolean pass(boolean last) throws IOException {
        boolean a = copy(files.stdoutRaw(), 0, LogSink.STDOUT, last);
        boolean b = copy(files.stderrRaw(), 1, LogSink.STDERR, last);
        if (a || b) {
            files.saveOffsets(offsets[0], offsets[1]);
        }
        return a || b;
    }

    private boolean copy(Path raw, int which, int stream, boolean last) throws IOException {
        if (!Files.exists(raw)) {
            return false;
        }
        byte[] chunk;
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "r")) {
            long size = f.length();
            if (size <= offsets[which]) {
                return false;
            }
            chunk = new byte[(int) Math.min(MAX_READ, size - offsets[which])];
            f.seek(offsets[which]);
            f.readFully(chunk);
        }
        int end = chunk.length;
        if (!last) {
            int nl = lastNewline(chunk);
            if (nl < 0) {
                if (chunk.length < MAX_READ) {
                    return false; // half a line: wait for the rest
                }
            } else {
                end = nl + 1;
            }
        }
        String at = clock.instant().toString();
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (chunk[i] == '\n' || i == end - 1) {
                int stop = chunk[i] == '\n' ? i : i + 1;
                out.append(at).append(' ').append(stream).append(' ')
                        .append(new String(chunk, start, stop - start, StandardCharsets.UTF_8)).append('\n');
                start = i + 1;
            }
        }
        try (OutputStream o = Files.newOutputStream(files.log(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            o.write(out.toString().getBytes(StandardCharsets.UTF_8));
        }
        offsets[which] += end;
        return true;
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** One line of the task log, parsed back. */
    record Line(Instant at, int stream, String text) {
        static Line parse(String line) {
            int a = line.indexOf(' ');
            int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
            if (a < 0 || b < 0) {
                return null;
            }
            try {
                return new Line(Instant.parse(line.substring(0, a)), Integer.parseInt(line.substring(a + 1, b)),
                        line.substring(b + 1));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
