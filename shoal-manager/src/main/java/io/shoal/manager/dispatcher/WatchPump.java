package io.shoal.manager.dispatcher;

import io.shoal.api.ShoalException;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreEvent;
import io.shoal.store.Watch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Moves the store's change events, one commit at a time, to whoever consumes them (the
 * dispatcher's loop). A commit's changes arrive together with its index, so a consumer can tell
 * which commits a snapshot it took already contains.
 */
final class WatchPump {
    private static final Duration POLL = Duration.ofMillis(200);

    private final MemoryStore store;
    private final BiConsumer<List<StoreEvent>, Long> sink;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private Watch watch;
    private Thread thread;
    private volatile boolean running;
    private long forwarded; // guarded by lock

    WatchPump(MemoryStore store, BiConsumer<List<StoreEvent>, Long> sink, String name) {
        this.store = store;
        this.sink = sink;
        this.name = name;
    }

    /** Subscribes; returns the store index the subscription starts after. Events wait until {@link #start}. */
    long open() {
        MemoryStore.Snapshot<Long> s = store.viewAndWatch(tx -> tx.index());
        watch = s.watch();
        setForwarded(s.value());
        return s.value();
    }

    void start() {
        running = true;
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void stop(Duration timeout) {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (watch != null) {
            watch.close();
        }
    }

    /** Waits until every commit up to {@code index} has been handed on. */
    void awaitForwarded(long index, Duration timeout) {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (forwarded < index) {
                if (left <= 0 || !running) {
                    throw new ShoalException.Unavailable("the dispatcher is behind the store (at " + forwarded
                            + ", store at " + index + ")");
                }
                left = advanced.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException.Unavailable("interrupted while waiting for the dispatcher");
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<StoreEvent> commit = new ArrayList<>();
        while (running) {
            StoreEvent first;
            try {
                first = watch.poll(POLL);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<StoreEvent> events = new ArrayList<>();
            events.add(first);
            events.addAll(watch.drain());
            for (StoreEvent e : events) {
                commit.add(e);
                if (e instanceof StoreEvent.Commit c) {
                    sink.accept(commit, c.index());
                    commit = new ArrayList<>();
                    setForwarded(c.index());
                }
            }
        }
    }

    private void setForwarded(long index) {
        lock.lock();
        try {
            forwarded = Math.max(forwarded, index);
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
