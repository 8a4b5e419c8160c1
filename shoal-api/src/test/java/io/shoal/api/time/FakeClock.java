package io.shoal.api.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** A clock that moves only when a test says so; due timers run, in order, on the advancing thread. */
public final class FakeClock implements Clock {
    private record Pending(Instant due, long seq, Runnable task) {}

    private Instant now;
    private long seq;
    private final PriorityQueue<Pending> timers =
            new PriorityQueue<>(Comparator.comparing(Pending::due).thenComparingLong(Pending::seq));

    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Pending p = new Pending(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
        timers.add(p);
        return () -> {
            synchronized (FakeClock.this) {
                timers.remove(p);
            }
        };
    }

    /** Moves time forward, running every timer that falls due on the way. */
    public void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Pending next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.due().isAfter(target)) {
                    now = target;
                    return;
                }
                timers.poll();
                now = next.due();
            }
            next.task().run();
        }
    }

    public synchronized int pendingTimers() {
        return timers.size();
    }

    public synchronized List<Instant> dueTimes() {
        List<Instant> out = new ArrayList<>();
        timers.forEach(p -> out.add(p.due()));
        return out;
    }
}
