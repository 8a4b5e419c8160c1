package io.shoal.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.shoal.api.ShoalException;

/**
 * ShoalException and gRPC status, both ways, keeping the message: a manager's error reaches the
 * node (and from there the CLI) with the text the manager wrote.
 */
public final class GrpcErrors {
    private GrpcErrors() {}

    /** The status a server answers with for {@code t}. */
    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof StatusException s) {
            return s.getStatus().asRuntimeException(s.getTrailers());
        }
        Status code = switch (t) {
            case ShoalException.NotFound e -> Status.NOT_FOUND;
            case ShoalException.InvalidArgument e -> Status.INVALID_ARGUMENT;
            case ShoalException.Conflict e -> Status.ALREADY_EXISTS;
            case ShoalException.SequenceConflict e -> Status.ABORTED;
            case ShoalException.PermissionDenied e -> Status.PERMISSION_DENIED;
            case ShoalException.Unavailable e -> Status.UNAVAILABLE;
            case ShoalException.Unimplemented e -> Status.UNIMPLEMENTED;
            case ShoalException.Internal e -> Status.INTERNAL;
            case IllegalArgumentException e -> Status.INVALID_ARGUMENT;
            default -> Status.INTERNAL;
        };
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return code.withDescription(message).withCause(t).asRuntimeException();
    }

    /**
     * The ShoalException a client raises for a failed call. Errors of the connection itself
     * (refused, reset, timed out) are Unavailable, so callers retry or fail over.
     */
    public static ShoalException toShoal(Throwable t) {
        if (t instanceof ShoalException e) {
            return e;
        }
        Status status = Status.fromThrowable(t);
        String message = message(status);
        return switch (status.getCode()) {
            case NOT_FOUND -> new ShoalException.NotFound(message);
            case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> new ShoalException.InvalidArgument(message);
            case ALREADY_EXISTS -> new ShoalException.Conflict(message);
            case ABORTED -> new ShoalException.SequenceConflict(message);
            case PERMISSION_DENIED, UNAUTHENTICATED -> new ShoalException.PermissionDenied(message);
            case UNIMPLEMENTED -> new ShoalException.Unimplemented(message);
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED ->
                    new ShoalException.Unavailable(message, t);
            default -> new ShoalException.Internal(message, t);
        };
    }

    /** The status text, with the cause spelled out when gRPC's own is generic ("io exception"). */
    static String message(Status status) {
        String d = status.getDescription();
        Throwable cause = status.getCause();
        String causeText = cause == null ? null : rootMessage(cause);
        if (d == null || d.isEmpty()) {
            return causeText != null ? causeText : status.getCode().name();
        }
        if (causeText != null && !d.contains(causeText) && status.getCode() == Status.Code.UNAVAILABLE) {
            return d + ": " + causeText;
        }
        return d;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        for (int i = 0; i < 10 && c.getCause() != null; i++) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
