package io.shoal.daemon.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.logs.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogStreamWriterTest {
    private static final Instant AT = Instant.parse("2026-11-27T00:10:01.5Z");

    /** One decoded frame. */
    record Frame(int stream, String payload) {}

    static List<Frame> frames(byte[] bytes) {
        List<Frame> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.remaining() >= 8) {
            int stream = b.get();
            b.get();
            b.get();
            b.get();
            int len = b.getInt();
            byte[] payload = new byte[len];
            b.get(payload);
            out.add(new Frame(stream, new String(payload, UTF_8)));
        }
        assertThat(b.remaining()).isZero();
        return out;
    }

    private static Task task() {
        var s = TestObjects.service("web", 1);
        return TestObjects.task(s, 1, "node1", TaskState.RUNNING, TaskState.RUNNING);
    }

    @Test
    void oneLinePerFrameWithTheSwarmIdsAsSortedDetails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogStreamWriter w = new LogStreamWriter(out, new LogStreamWriter.Format(false, true, true));
        Task t = task();
        LogSink sink = w.sinkFor(t);
        assertThat(sink.line(LogSink.STDOUT, AT, "hello")).isTrue();
        assertThat(sink.line(LogSink.STDERR, AT, "oops")).isTrue();
        String details = "com.docker.swarm.node.id=node1,com.docker.swarm.service.id=" + t.serviceId()
                + ",com.docker.swarm.task.id=" + t.id();
        assertThat(frames(out.toByteArray())).containsExactly(
                new Frame(1, details + " hello\n"),
                new Frame(2, details + " oops\n"));
    }

    @Test
    void timestampsComeFirstWithNineFractionDigits() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogStreamWriter w = new LogStreamWriter(out, new LogStreamWriter.Format(true, false, true));
        w.write(1, AT, "ignored", "line");
        assertThat(frames(out.toByteArray())).containsExactly(new Frame(1, "2026-11-27T00:10:01.500000000Z line\n"));
    }

    @Test
    void theFrameHeaderCarriesABigEndianLength() {
        assertThat(LogStreamWriter.header(2, 0x01020304)).containsExactly(2, 0, 0, 0, 1, 2, 3, 4);
        assertThat(LogStreamWriter.header(1, 300)).containsExactly(1, 0, 0, 0, 0, 0, 1, 44);
    }

    @Test
    void ttyStreamsAreUnframed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogStreamWriter w = new LogStreamWriter(out, new LogStreamWriter.Format(false, true, false));
        w.write(1, AT, "a=b", "first");
        w.write(1, AT, "a=b", "second");
        assertThat(out.toString(UTF_8)).isEqualTo("a=b first\na=b second\n");
    }

    @Test
    void errorsGoOnStreamThree() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogStreamWriter w = new LogStreamWriter(out, new LogStreamWriter.Format(false, true, true));
        w.error("task vanished");
        assertThat(frames(out.toByteArray())).containsExactly(new Frame(3, "task vanished"));
    }

    @Test
    void detailsAreEscapedAndSorted() {
        assertThat(LogStreamWriter.details(Map.of("b", "x y", "a", "1,2")))
                .isEqualTo("a=1%2C2,b=x+y");
    }

    @Test
    void aGoneReaderStopsTheSinks() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        LogStreamWriter w = new LogStreamWriter(broken, new LogStreamWriter.Format(false, true, true));
        LogSink sink = w.sinkFor(task());
        assertThat(sink.line(1, AT, "x")).isFalse();
        assertThat(w.isBroken()).isTrue();
        assertThat(sink.line(1, AT, "y")).isFalse();
    }
}
