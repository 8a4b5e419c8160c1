package io.shoal.agent.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.shoal.agent.exec.TaskNames;
import io.shoal.api.Task;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A task's container logs from the engine, always with the engine's timestamps, split back into
 * lines per stream (the engine may cut long lines into several frames).
 */
final class DockerLogs {
    private DockerLogs() {}

    static void stream(DockerClient docker, Task task, LogOptions options, LogSink sink) throws InterruptedException {
        if (!options.stdout() && !options.stderr()) {
            return;
        }
        List<Container> found = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TaskNames.TASK_ID, task.id())).exec();
        if (found.isEmpty()) {
            return; // not (or no longer) on this node
        }
        LogContainerCmd cmd = docker.logContainerCmd(found.get(0).getId())
                .withStdOut(options.stdout()).withStdErr(options.stderr())
                .withTimestamps(true).withFollowStream(options.follow());
        if (options.tail() != null && options.tail() >= 0) {
            cmd.withTail((int) Math.min(Integer.MAX_VALUE, options.tail()));
        }
        if (options.since() != null) {
            cmd.withSince((int) Math.max(0, options.since().getEpochSecond())); // seconds; the rest is filtered here
        }
        Lines lines = new Lines(options.since(), sink);
        try (Lines cb = cmd.exec(lines)) {
            cb.awaitCompletion();
            lines.finish();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            if (!lines.stopped) {
                throw e;
            }
        }
    }

    private static final class Lines extends ResultCallback.Adapter<Frame> {
        private final Instant since;
        private final LogSink sink;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        volatile boolean stopped;

        Lines(Instant since, LogSink sink) {
            this.since = since;
            this.sink = sink;
        }

        @Override
        public void onNext(Frame frame) {
            if (stopped) {
                return;
            }
            int stream = frame.getStreamType() == StreamType.STDERR ? LogSink.STDERR : LogSink.STDOUT;
            ByteArrayOutputStream buf = stream == LogSink.STDERR ? err : out;
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    emit(stream, buf);
                } else {
                    buf.write(b);
                }
            }
        }

        void finish() {
            if (out.size() > 0) {
                emit(LogSink.STDOUT, out);
            }
            if (err.size() > 0) {
                emit(LogSink.STDERR, err);
            }
        }

        private void emit(int stream, ByteArrayOutputStream buf) {
            String raw = buf.toString(StandardCharsets.UTF_8);
            buf.reset();
            if (stopped) {
                return;
            }
            Instant ts = null;
            String text = raw;
            int sp = raw.indexOf(' ');
            if (sp > 0) {
                try {
                    ts = Instant.parse(raw.substring(0, sp));
                    text = raw.substring(sp + 1);
                } catch (DateTimeParseException notATimestamp) {
                    // continuation of a line the engine split: no timestamp of its own
                }
            }
            if (since != null && ts != null && ts.isBefore(since)) {
                return;
            }
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1); // TTY output
            }
            if (!sink.line(stream, ts == null ? Instant.EPOCH : ts, text)) {
                stopped = true;
                try {
                    close();
                } catch (java.io.IOException ignored) {
                    // already closing
                }
            }
        }
    }
}
