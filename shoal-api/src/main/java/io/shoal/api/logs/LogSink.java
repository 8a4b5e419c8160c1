package io.shoal.api.logs;

import java.time.Instant;

/** Receives log lines one at a time, in order, per task. */
public interface LogSink {
    int STDOUT = 1;
    int STDERR = 2;

    /** One line without its trailing newline. Returns false when the reader has gone away: stop then. */
    boolean line(int stream, Instant timestamp, String text);
}
