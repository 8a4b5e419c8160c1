package io.shoal.agent.exec.process;

import io.shoal.agent.exec.ClockPause;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.Clock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Reads a task log the pump wrote: filtered by stream and time, the last N lines, then following. */
final class LogReader {
    private final TaskFiles files;
    private final Clock clock;
    private long position;
    private final StringBuilder partial = new StringBuilder();

    LogReader(TaskFiles files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    void stream(LogOptions options, LogSink sink) throws InterruptedException {
        if (!options.stdout() && !options.stderr()) {
            return;
        }
        List<LogPump.Line> first = readNew(options);
        Deque<LogPump.Line> shown = new ArrayDeque<>(first);
        if (options.tail() != null && options.tail() >= 0) {
            while (shown.size() > options.tail()) {
                shown.removeFirst();
            }
        }
        for (LogPump.Line l : shown) {
            if (!sink.line(l.stream(), l.at(), l.text())) {
                return;
            }
        }
        if (!options.follow()) {
            return;
        }
        while (true) {
            boolean finished = Files.exists(files.done()) || !Files.exists(files.dir())
                    || files.process().isEmpty();
            List<LogPump.Line> more = readNew(options);
            for (LogPump.Line l : more) {
                if (!sink.line(l.stream(), l.at(), l.text())) {
                    return;
                }
            }
            if (finished && more.isEmpty()) {
                return;
            }
            if (more.isEmpty()) {
                ClockPause.pause(clock, LogPump.POLL);
            }
        }
    }

    private List<LogPump.Line> readNew(LogOptions options) {
        List<LogPump.Line> out = new ArrayList<>();
        if (!Files.exists(files.log())) {
            return out;
        }
        byte[] chunk;
        try (RandomAccessFile f = new RandomAccessFile(files.log().toFile(), "r")) {
            long size = f.length();
            if (size <= position) {
                return out;
            }
            chunk = new byte[(int) Math.min(Integer.MAX_VALUE - 16, size - position)];
            f.seek(position);
            f.readFully(chunk);
            position += chunk.length;
        } catch (IOException e) {
            return out; // removed meanwhile
        }
        partial.append(new String(chunk, StandardCharsets.UTF_8));
        int start = 0;
        int nl;
        while ((nl = partial.indexOf("\n", start)) >= 0) {
            LogPump.Line l = LogPump.Line.parse(partial.substring(start, nl));
            start = nl + 1;
            if (l == null || (l.stream() == LogSink.STDOUT && !options.stdout())
                    || (l.stream() == LogSink.STDERR && !options.stderr())
                    || (options.since() != null && l.at().isBefore(options.since()))) {
                continue;
            }
            out.add(l);
        }
        partial.delete(0, start);
        return out;
    }
}
