package io.shoal.daemon.api;

import io.shoal.api.ShoalException;
import io.shoal.api.logs.LogOptions;
import java.time.Instant;
import java.util.function.Function;

/**
 * The query of {@code GET /services/{id}/logs} and {@code /tasks/{id}/logs}, checked before any
 * byte of the 200 is sent (dockerd: "Bad parameters: you must choose at least one stream").
 */
public record LogRequest(LogOptions options, boolean details) {

    /** Reads the parameters; {@code param} returns a query parameter or null. */
    public static LogRequest parse(Function<String, String> param) {
        boolean stdout = Params.bool(param.apply("stdout"));
        boolean stderr = Params.bool(param.apply("stderr"));
        if (!stdout && !stderr) {
            throw new ShoalException.InvalidArgument("Bad parameters: you must choose at least one stream");
        }
        return new LogRequest(new LogOptions(
                Params.bool(param.apply("follow")), stdout, stderr,
                since(param.apply("since")), tail(param.apply("tail")),
                Params.bool(param.apply("timestamps"))),
                Params.bool(param.apply("details")));
    }

    /** {@code all}, empty or absent: every line; N >= 0: the last N lines of each task. */
    static Long tail(String value) {
        if (value == null || value.isEmpty() || value.equals("all")) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ShoalException.InvalidArgument("tail value must be a positive integer or \"all\": " + value);
        }
        if (n < 0) {
            throw new ShoalException.InvalidArgument("negative tail values not supported: " + value);
        }
        return n;
    }

    /** Unix seconds with optional nanoseconds ({@code 1700000000.000000001}), as the CLI sends them; 0 or absent: all. */
    static Instant since(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String[] parts = value.split("\\.", -1);
        try {
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            long seconds = Long.parseLong(parts[0]);
            long nanos = parts.length == 2 ? Long.parseLong(parts[1]) : 0;
            if (nanos < 0 || nanos > 999_999_999) {
                throw new NumberFormatException();
            }
            if (seconds == 0 && nanos == 0) {
                return null;
            }
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (NumberFormatException e) {
            throw new ShoalException.InvalidArgument("invalid value for since: '" + value
                    + "': expected unix seconds with optional nanoseconds (1700000000.000000000)");
        }
    }
}
