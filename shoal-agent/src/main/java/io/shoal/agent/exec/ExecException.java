package io.shoal.agent.exec;

/**
 * A task step that failed. Fatal errors end the task, with the message as the task's {@code Err};
 * temporary ones (the engine briefly unreachable) make the agent retry the step.
 */
public final class ExecException extends RuntimeException {
    private final boolean temporary;

    private ExecException(String message, Throwable cause, boolean temporary) {
        super(message, cause);
        this.temporary = temporary;
    }

    public static ExecException fatal(String message) {
        return new ExecException(message, null, false);
    }

    public static ExecException fatal(String message, Throwable cause) {
        return new ExecException(message, cause, false);
    }

    public static ExecException temporary(String message, Throwable cause) {
        return new ExecException(message, cause, true);
    }

    public boolean isTemporary() {
        return temporary;
    }
}
