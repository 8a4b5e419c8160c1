package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this member leads with a caught-up store, told by the state machine, and the listeners
 * that want to know. Listener calls run in order on one named daemon thread, so Ratis' threads
 * never wait for a listener.
 */
final class LeadershipTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeadershipTracker.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String memberId;
    private final ExecutorService events;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean leading;
    private boolean closed;

    LeadershipTracker(String memberId) {
        this.memberId = requireNonNull(memberId, "memberId is null");
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shoal-raft-leadership-" + memberId);
            t.setDaemon(true);
            return t;
        });
    }

    /** This member leads, and its store has applied every entry of earlier terms. */
    void leaderReady() {
        lock.lock();
        try {
            if (!leading && !closed) {
                leading = true;
                log.info("raft member {} is the leader", memberId);
                listeners.forEach(l -> dispatch(l, true));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** This member stopped leading (stepped down, lost an election, or is shutting down). */
    void notLeader() {
        lock.lock();
        try {
            if (leading) {
                leading = false;
                log.info("raft member {} is no longer the leader", memberId);
                listeners.forEach(l -> dispatch(l, false));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Some member was elected; wakes proposals waiting for a leader. */
    void leaderElected() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isLeading() {
        lock.lock();
        try {
            return leading;
        } finally {
            lock.unlock();
        }
    }

    void addListener(LeadershipListener listener) {
        requireNonNull(listener, "listener is null");
        lock.lock();
        try {
            listeners.add(listener);
            if (leading) {
                dispatch(listener, true);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for any change of leadership; returns the nanos left. */
    long awaitChange(long nanos) throws InterruptedException {
        lock.lock();
        try {
            return changed.awaitNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    /** Steps down (telling the listeners) and stops the listener thread once it has told them. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        notLeader();
        events.shutdown();
        try {
            if (!events.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("leadership listeners of {} still busy after {}", memberId, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(LeadershipListener listener, boolean becameLeader) {
        try {
            events.execute(() -> {
                try {
                    if (becameLeader) {
                        listener.becameLeader();
                    } else {
                        listener.lostLeadership();
                    }
                } catch (RuntimeException e) {
                    log.error("leadership listener {} failed", listener, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("leadership event after close dropped for {}", listener);
        }
    }
}
