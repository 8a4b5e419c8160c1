package io.shoal.cli.http;

import io.shoal.cli.CliException;

/**
 * The daemon answered with a status of 400 or more. {@link #getMessage()} is the text the docker
 * client would show ("Error response from daemon: ..."); {@link #status()} lets commands react
 * to 404 as docker does (service logs falls back to tasks, service inspect says "no such service").
 */
public final class DaemonError extends CliException {
    private final int status;

    public DaemonError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
