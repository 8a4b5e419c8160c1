package io.shoal.manager.dispatcher;

import io.shoal.api.ShoalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread running queued work in order: the only thread that touches the
 * dispatcher's state, so that state needs no locks. Other threads {@link #execute} work or
 * {@link #call} it and wait (bounded) for the answer.
 */
final class SerialLoop {
    private static final Logger log = LoggerFactory.getLogger(SerialLoop.class);
    private static final Runnable STOP = () -> {};

    private final String name;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile boolean running;
    private volatile Thread thread;

    SerialLoop(String name) {
        this.name = name;
    }

    void start() {
        running = true;
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Queues work; dropped once the loop is stopping. */
    void execute(Runnable work) {
        if (!running) {
            return;
        }
        unfinished.incrementAndGet();
        queue.add(work);
    }

    /** Runs {@code work} on the loop and returns its result (at once when already on the loop). */
    <T> T call(Supplier<T> work, Duration timeout) {
        if (inLoop()) {
            return work.get();
        }
        if (!running) {
            throw stopped();
        }
        Call<T> c = new Call<>(work);
        unfinished.incrementAndGet();
        queue.add(c);
        if (!running) {
            c.result.completeExceptionally(stopped()); // raced with stop(): nobody will run it
        }
        try {
            return c.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ShoalException.Internal("dispatcher call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new ShoalException.Unavailable("the dispatcher did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException.Unavailable("interrupted while waiting for the dispatcher");
        }
    }

    /** True when nothing is queued or running. */
    boolean isIdle() {
        return unfinished.get() == 0;
    }

    /** Stops after the work already queued; calls still waiting fail with Unavailable. */
    void stop(Duration timeout) {
        running = false;
        queue.add(STOP);
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Runnable> left = new ArrayList<>();
        queue.drainTo(left);
        for (Runnable r : left) {
            if (r instanceof Call<?> c) {
                c.result.completeExceptionally(stopped());
            }
        }
    }

    private void run() {
        while (true) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == STOP) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("{}: work failed", name, e);
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }

    private static ShoalException stopped() {
        return new ShoalException.Unavailable("dispatcher is stopped");
    }

    private static final class Call<T> implements Runnable {
        private final Supplier<T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Call(Supplier<T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }
}
