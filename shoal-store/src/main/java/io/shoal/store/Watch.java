package io.shoal.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A subscription to the store's changes, in commit order. Close it when done. */
public final class Watch implements AutoCloseable {
    private final MemoryStore store;
    // One lock round per commit, not per event: a commit of 200 changes reaches every watcher at once.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<StoreEvent> queue = new ArrayDeque<>();

    Watch(MemoryStore store) {
        this.store = store;
    }

    void offer(List<StoreEvent> events) {
        lock.lock();
        try {
            queue.addAll(events);
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next event, waiting up to {@code timeout}; null if none came. */
    public StoreEvent poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = nonEmpty.awaitNanos(nanos);
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    public StoreEvent take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                nonEmpty.await();
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Everything queued now, without waiting. */
    public List<StoreEvent> drain() {
        lock.lock();
        try {
            List<StoreEvent> out = new ArrayList<>(queue);
            queue.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        store.unwatch(this);
    }
}
