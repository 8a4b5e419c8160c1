package io.shoal.api;

/**
 * The errors Shoal's components raise, each mapped once (in the API server) to Docker's HTTP status.
 * Messages are written for the person at the CLI: they say what is wrong and, where it helps, what to do.
 */
public abstract sealed class ShoalException extends RuntimeException {
    protected ShoalException(String message) {
        super(message);
    }

    protected ShoalException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status Docker uses for this kind of error. */
    public abstract int httpStatus();

    /** 404: no object by that ID, name or prefix. */
    public static final class NotFound extends ShoalException {
        public NotFound(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 404;
        }
    }

    /** 400: the request itself is wrong. */
    public static final class InvalidArgument extends ShoalException {
        public InvalidArgument(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 400;
        }
    }

    /** 409: a name or object that already exists. */
    public static final class Conflict extends ShoalException {
        public Conflict(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 409;
        }
    }

    /**
     * An update made against an older version of the object than the stored one. Docker answers
     * 500 "update out of sequence"; internally a reconciler retries on it.
     */
    public static final class SequenceConflict extends ShoalException {
        public SequenceConflict(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 500;
        }
    }

    /**
     * 403: the caller is known but not allowed to do this (a worker's certificate on a manager-only
     * call, a node removed from the swarm). Docker maps gRPC's PermissionDenied to 403.
     */
    public static final class PermissionDenied extends ShoalException {
        public PermissionDenied(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 403;
        }
    }

    /** 503: the node cannot serve this now (not a manager, no leader, locked...). */
    public static final class Unavailable extends ShoalException {
        public Unavailable(String message) {
            super(message);
        }

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int httpStatus() {
            return 503;
        }
    }

    /** 501: a change Swarm does not support (renaming a service, changing its mode). */
    public static final class Unimplemented extends ShoalException {
        public Unimplemented(String message) {
            super(message);
        }

        @Override
        public int httpStatus() {
            return 501;
        }
    }

    /** 500: something broke inside Shoal. */
    public static final class Internal extends ShoalException {
        public Internal(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int httpStatus() {
            return 500;
        }
    }
}
