package io.shoal.agent.exec.process;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.exec.ClockPause;
import io.shoal.api.time.Clock;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one process's health on a thread of its own, paced by the injected clock like Docker's
 * monitor: wait (the start interval while starting in the start period, else the interval), run
 * the check with its timeout, record the result. {@link #healthy()} completes at the first passing
 * probe, {@link #unhealthy()} once too many failed in a row; the monitor ends there.
 */
final class HealthMonitor {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    /** Runs the check once; true when it passed (exit code 0 within the timeout). */
    interface Probe {
        boolean run(Duration timeout) throws InterruptedException;
    }

    private final HealthCheck check;
    private final Health health;
    private final Probe probe;
    private final Clock clock;
    private final CompletableFuture<Void> healthy = new CompletableFuture<>();
    private final CompletableFuture<Void> unhealthy = new CompletableFuture<>();
    private Thread thread; // guarded by this
    private boolean stopped; // guarded by this

    HealthMonitor(HealthCheck check, Instant startedAt, Probe probe, Clock clock) {
        this.check = requireNonNull(check, "check is null");
        this.health = new Health(check, startedAt);
        this.probe = requireNonNull(probe, "probe is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    synchronized HealthMonitor start(String threadName) {
        if (thread == null && !stopped) {
            thread = Thread.ofVirtual().name(threadName).start(this::run);
        }
        return this;
    }

    /** Completes once a probe has passed. */
    CompletableFuture<Void> healthy() {
        return healthy;
    }

    /** Completes once the process is unhealthy. */
    CompletableFuture<Void> unhealthy() {
        return unhealthy;
    }

    synchronized Health.Status status() {
        return health.status();
    }

    synchronized void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    private void run() {
        try {
            while (!isStopped()) {
                Duration wait;
                synchronized (this) {
                    wait = health.nextDelay(clock.instant());
                }
                ClockPause.pause(clock, wait);
                if (isStopped()) {
                    return;
                }
                Instant at = clock.instant();
                boolean passed = probe.run(check.timeout());
                Health.Status s;
                synchronized (this) {
                    s = health.record(at, passed);
                }
                if (s == Health.Status.HEALTHY) {
                    healthy.complete(null);
                } else if (s == Health.Status.UNHEALTHY) {
                    unhealthy.complete(null);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException e) {
            log.warn("health monitor ended: {}", e.toString());
        }
    }

    /** The check as a host process with the task's environment and working directory. */
    static Probe processProbe(List<String> command, File dir, Consumer<java.util.Map<String, String>> env, Clock clock) {
        return timeout -> {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            if (dir != null) {
                pb.directory(dir);
            }
            env.accept(pb.environment());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                log.debug("health check {} did not start: {}", command, e.getMessage());
                return false;
            }
            Clock.Cancellable killer = clock.schedule(timeout, () -> kill(p));
            try {
                return p.onExit().get().exitValue() == 0;
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            } finally {
                killer.cancel();
            }
        };
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
