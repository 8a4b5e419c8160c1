package io.shoal.cli;

/**
 * A command failed: {@code message} goes to stderr as it is (it may be empty) and the process
 * exits with {@code exitCode}, like the docker CLI's errors and {@code StatusError}s.
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message) {
        this(message, 1);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = 1;
    }

    public int exitCode() {
        return exitCode;
    }
}
