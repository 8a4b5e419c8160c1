package io.shoal.store.raft;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The last log index applied to the local store, which callers can wait for. */
final class AppliedIndex {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private long index;

    long get() {
        lock.lock();
        try {
            return index;
        } finally {
            lock.unlock();
        }
    }

    void set(long newIndex) {
        lock.lock();
        try {
            index = newIndex;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the applied index reaches {@code target}; false if {@code timeout} passed first. */
    boolean await(long target, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (index < target) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = advanced.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits while the index keeps moving towards {@code target}: false only when it stood still for
     * {@code stallTimeout} (a long replay that makes progress is never cut short).
     */
    boolean awaitProgressing(long target, Duration stallTimeout) throws InterruptedException {
        long seen = get();
        while (seen < target) {
            if (!await(Math.min(target, seen + 1), stallTimeout)) {
                return false;
            }
            seen = get();
        }
        return true;
    }
}
