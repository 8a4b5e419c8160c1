package io.shoal.manager.orchestrator;

import static java.util.Objects.requireNonNull;

import io.shoal.api.time.Clock;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a reconcile loop runs on. It feeds the {@link Handler} the store's changes in
 * commit order (the handler only notes what is dirty), then asks it to {@link Handler#reconcile()}
 * once per batch of commits, optionally debounced. Timers and other callbacks are posted to the same
 * thread, so a handler owns all its state without locks.
 * <p>
 * Two ways to run: {@link #start()} runs a named daemon thread (production); {@link #attach()} only
 * subscribes, and the caller drives the loop with {@link #runPending()} on its own thread, which is
 * how unit tests step loops against a fake clock without sleeping.
 */
public final class StoreLoop implements LoopTimer {
    private static final Logger log = LoggerFactory.getLogger(StoreLoop.class);
    /** After a reconcile failed (store unavailable, a bug), try again after this long, not in a tight loop. */
    static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);
    /** Events handled before reconciling even if more are queued, so a flood cannot starve reconciles. */
    private static final int MAX_ITEMS_PER_PASS = 20_000;

    /** What a loop does. All methods run on the loop's thread. */
    public interface Handler {
        /** Forgets all state and reads it anew: the loop (re)started, e.g. on a leader change. */
        void init(ReadTx snapshot);

        /** One change of a commit (never a Commit): note what is dirty, do no work. */
        void onChange(StoreEvent change);

        /** Acts on what is dirty. May throw; the loop then calls {@link #resync()} and retries later. */
        void reconcile();

        /** A reconcile failed half-way: mark everything dirty so the retry repairs it. */
        default void resync() {}
    }

    private final String name;
    private final MemoryStore store;
    private final Clock clock;
    private final Duration debounce;
    private final Duration maxDelay;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private Handler handler;

    private final Object lifecycle = new Object();
    private volatile boolean running;
    private Watch watch;
    private Thread thread;
    private Thread feeder;

    // Loop-thread state.
    private boolean commitSeen;
    private boolean reconcileNow;
    private Instant firstDeferred;
    private Instant debounceDeadline;
    private Clock.Cancellable debounceTimer;
    private long debounceGeneration;
    private long generation;

    /**
     * @param debounce wait this long after a commit for more before reconciling (zero: reconcile at once)
     * @param maxDelay but never defer a reconcile longer than this since the first deferred commit
     */
    public StoreLoop(String name, MemoryStore store, Clock clock, Duration debounce, Duration maxDelay) {
        this.name = requireNonNull(name, "name is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.debounce = requireNonNull(debounce, "debounce is null");
        this.maxDelay = requireNonNull(maxDelay, "maxDelay is null");
    }

    public StoreLoop(String name, MemoryStore store, Clock clock) {
        this(name, store, clock, Duration.ZERO, Duration.ZERO);
    }

    /** Set once, by the component that owns this loop, before it starts. */
    public void setHandler(Handler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("handler already set");
        }
        this.handler = requireNonNull(handler, "handler is null");
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    /** Starts the loop thread; idempotent. */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            subscribe();
            Watch w = watch;
            feeder = Thread.ofPlatform().name(name + "-events").daemon().unstarted(() -> feed(w));
            thread = Thread.ofPlatform().name(name).daemon().unstarted(this::runThread);
            feeder.start();
            thread.start();
        }
    }

    /** Subscribes and initialises without a thread: the caller drives the loop with {@link #runPending()}. */
    public void attach() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            subscribe();
        }
        runPending();
    }

    /** Stops the loop and waits for its thread to end; idempotent. */
    public void stop() {
        Thread t;
        Thread f;
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
            f = feeder;
            thread = null;
            feeder = null;
            watch.close();
            watch = null;
        }
        if (f != null) {
            f.interrupt();
        }
        if (t != null) {
            t.interrupt();
            if (t != Thread.currentThread()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        cancelDebounce();
        inbox.clear();
    }

    public boolean isRunning() {
        return running;
    }

    private void subscribe() {
        requireNonNull(handler, "handler not set");
        inbox.clear();
        generation++;
        long gen = generation;
        // init runs here, before the loop thread starts (or on the driving thread), reading the
        // snapshot under the store's read lock so that no event falls between it and the watch.
        MemoryStore.Snapshot<Void> snap = store.viewAndWatch(tx -> {
            handler.init(tx);
            return null;
        });
        watch = snap.watch();
        running = true;
        commitSeen = false;
        reconcileNow = true; // reconcile the initial state at once
        cancelDebounce();
        log.debug("{} started (generation {})", name, gen);
    }

    // ---- threads -------------------------------------------------------------------------------

    private void feed(Watch w) {
        try {
            while (running) {
                inbox.put(w.take());
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    private void runThread() {
        List<Object> items = new ArrayList<>();
        try {
            maybeReconcile();
            while (running) {
                items.add(inbox.take());
                inbox.drainTo(items, MAX_ITEMS_PER_PASS);
                for (Object item : items) {
                    if (!running) {
                        return;
                    }
                    process(item);
                }
                items.clear();
                maybeReconcile();
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (Throwable e) {
            log.error("{} loop died", name, e);
        }
    }

    /**
     * Handles everything queued now (store events and posted jobs), reconciling as the loop thread
     * would, until nothing is left. For loops driven by {@link #attach()}. Returns whether anything
     * was handled or reconciled.
     */
    public boolean runPending() {
        if (!running) {
            return false;
        }
        boolean any = false;
        while (true) {
            List<Object> items = new ArrayList<>(watch.drain());
            inbox.drainTo(items);
            boolean reconciled = maybeReconcile();
            if (items.isEmpty() && !reconciled) {
                return any;
            }
            any = true;
            for (Object item : items) {
                process(item);
            }
            maybeReconcile();
        }
    }

    /** When a debounced reconcile is waiting for the clock, its due time; else null. For tests. */
    public Instant debounceDeadline() {
        return debounceDeadline;
    }

    /**
     * For loops driven by {@link #runPending()}: a reconcile deferred by the debounce runs at the next
     * {@code runPending()} without waiting for the clock, so tests can settle loops without moving time.
     * Returns whether one was deferred.
     */
    public boolean expediteDeferred() {
        if (debounceTimer == null) {
            return false;
        }
        cancelDebounce();
        reconcileNow = true;
        return true;
    }

    private void process(Object item) {
        switch (item) {
            case StoreEvent.Commit c -> commitSeen = true;
            case StoreEvent e -> handler.onChange(e);
            case Runnable r -> r.run();
            default -> throw new IllegalStateException("unexpected item " + item);
        }
    }

    private boolean maybeReconcile() {
        if (commitSeen) {
            commitSeen = false;
            if (debounce.isZero()) {
                reconcileNow = true;
            } else {
                deferReconcile();
            }
        }
        if (!reconcileNow) {
            return false;
        }
        reconcileNow = false;
        cancelDebounce();
        try {
            handler.reconcile();
        } catch (RuntimeException e) {
            log.warn("{}: reconcile failed, retrying in {}", name, RETRY_AFTER_ERROR, e);
            handler.resync();
            schedule(RETRY_AFTER_ERROR, this::requestReconcile);
        }
        return true;
    }

    private void deferReconcile() {
        Instant now = clock.instant();
        if (firstDeferred == null) {
            firstDeferred = now;
        }
        Instant due = now.plus(debounce);
        Instant cap = firstDeferred.plus(maxDelay);
        if (due.isAfter(cap)) {
            due = cap;
        }
        if (debounceTimer != null) {
            debounceTimer.cancel();
        }
        long gen = ++debounceGeneration;
        debounceDeadline = due;
        debounceTimer = clock.schedule(Duration.between(now, due), () -> post(() -> {
            if (gen == debounceGeneration) {
                reconcileNow = true;
            }
        }));
    }

    private void cancelDebounce() {
        if (debounceTimer != null) {
            debounceTimer.cancel();
        }
        debounceTimer = null;
        debounceDeadline = null;
        firstDeferred = null;
        debounceGeneration++;
    }

    // ---- LoopTimer ------------------------------------------------------------------------------

    /** Runs {@code job} on the loop thread soon. Safe from any thread. */
    public void post(Runnable job) {
        inbox.add(requireNonNull(job, "job is null"));
    }

    /** Asks for a reconcile after the current batch (from the loop thread, or a posted job). */
    public void requestReconcile() {
        reconcileNow = true;
    }

    /**
     * Runs {@code job} on the loop thread after {@code delay} of the loop's clock, then reconciles.
     * Jobs of an earlier run (before a stop/start) are dropped.
     */
    @Override
    public Clock.Cancellable schedule(Duration delay, Runnable job) {
        long gen = generation;
        return clock.schedule(delay, () -> post(() -> {
            if (gen == generation && running) {
                job.run();
                reconcileNow = true;
            }
        }));
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public String toString() {
        return "StoreLoop[" + name + "]";
    }
}
