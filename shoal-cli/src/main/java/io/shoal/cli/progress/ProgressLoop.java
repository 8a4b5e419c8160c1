package io.shoal.cli.progress;

import io.shoal.cli.CliException;
import io.shoal.cli.command.CliContext;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/**
 * Runs a poll function every 200 ms until it reports done. On Ctrl-C before that, says the
 * operation goes on in the background, as docker does.
 */
public final class ProgressLoop {
    private ProgressLoop() {}

    /** The display for {@code ctx}'s stdout, or nothing with {@code quiet}. */
    public static ProgressSink sink(CliContext ctx, boolean quiet) {
        return quiet ? ProgressSink.DISCARD
                : new ProgressDisplay(ctx.out(), ctx.terminal().isTerminal(), ctx.terminal().width());
    }

    /** Follows a service; {@code serviceId} as the user wrote it. */
    public static void followService(CliContext ctx, String serviceId, boolean quiet) {
        ServiceProgress progress = new ServiceProgress(ctx.api(), serviceId, sink(ctx, quiet), ctx.clock());
        run(ctx, progress::poll, () -> !progress.converged(),
                "Use `shoal service ps " + serviceId + "` to check progress.");
    }

    /**
     * @param stillRunning whether an interrupt now leaves work unfinished
     * @param hint the second line printed on interrupt
     */
    public static void run(CliContext ctx, BooleanSupplier poll, BooleanSupplier stillRunning, String hint) {
        PrintStream out = ctx.out();
        Thread hook = new Thread(() -> {
            if (stillRunning.getAsBoolean()) {
                out.println("Operation continuing in background.");
                out.println(hint);
                out.flush();
            }
        }, "shoal-cli-interrupt");
        boolean hooked = addHook(hook);
        try {
            while (!poll.getAsBoolean()) {
                ctx.pacer().pause(ServiceProgress.INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } finally {
            if (hooked) {
                removeHook(hook);
            }
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }
}
