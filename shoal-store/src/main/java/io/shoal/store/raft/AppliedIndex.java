package io.shoal.store.raft;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The last log index applied to the local store, which callers can wait for. */
final class AppliedIndex {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private long index;
    private RuntimeException failure;

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

    /**
     * This member stopped applying the log for good (an entry it cannot read, e.g. with a wrong
     * data key): waiters fail at once instead of waiting for progress that cannot come.
     */
    void fail(RuntimeException cause) {
        lock.lock();
        try {
            failure = cause;
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
                if (failure != null) {
                    throw new IllegalStateException("this raft member stopped applying its log: "
                            + failure.getMessage(), failure);
                }
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
