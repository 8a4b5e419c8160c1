package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFramesTest {
    private static byte[] frame(int stream, String text) {
        return LogFrames.frame(stream, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesGoToTheirStreamWhole() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(frame(1, "out one\n"));
        in.writeBytes(frame(2, "err one\n"));
        in.writeBytes(frame(0, "stdin counts as out\n"));
        in.writeBytes(frame(1, "x".repeat(70_000)));
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        LogFrames.copy(new ByteArrayInputStream(in.toByteArray()), p -> out.add(new String(p, StandardCharsets.UTF_8)),
                p -> err.add(new String(p, StandardCharsets.UTF_8)));
        assertThat(out).hasSize(3).startsWith("out one\n", "stdin counts as out\n");
        assertThat(out.get(2)).hasSize(70_000);
        assertThat(err).containsExactly("err one\n");
    }

    @Test
    void theHeaderIsBigEndian() {
        assertThat(Arrays.copyOf(LogFrames.frame(2, new byte[258]), 8)).containsExactly(2, 0, 0, 0, 0, 0, 1, 2);
    }

    @Test
    void aSystemErrorFrameEndsTheStream() {
        byte[] bytes = frame(3, "driver failed");
        assertThatThrownBy(() -> LogFrames.copy(new ByteArrayInputStream(bytes), p -> { }, p -> { }))
                .hasMessage("error from daemon in stream: driver failed");
    }

    @Test
    void aTruncatedFrameIsAnError() {
        byte[] bytes = Arrays.copyOf(frame(1, "hello"), 10);
        assertThatThrownBy(() -> LogFrames.copy(new ByteArrayInputStream(bytes), p -> { }, p -> { }))
                .isInstanceOf(EOFException.class);
    }
}
