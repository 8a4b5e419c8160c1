package io.shoal.daemon.api;

import io.shoal.api.ShoalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler threw into Docker's error answer: a status and {@code {"message": ...}},
 * served with exactly {@code Content-Type: application/json} (the CLI compares the whole header).
 */
public final class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    /** What to answer: status and message. */
    public record ApiError(int status, String message) {}

    public static ApiError of(Throwable t) {
        if (t instanceof ShoalException e) {
            if (e instanceof ShoalException.Internal) {
                log.error("internal error: {}", e.getMessage(), e);
            }
            return new ApiError(e.httpStatus(), message(e));
        }
        if (t instanceof IllegalArgumentException e) {
            return new ApiError(400, message(e));
        }
        log.error("unexpected error serving a request", t);
        return new ApiError(500, t.getClass().getSimpleName() + ": " + message(t));
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The JSON body of an error. */
    public static String body(String message) {
        return "{\"message\":" + JsonStrings.quote(message) + "}";
    }
}
