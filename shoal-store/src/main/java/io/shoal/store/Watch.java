package io.shoal.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A subscription to the store's changes, in commit order. Close it when done. */
public final class Watch implements AutoCloseable {
    private final MemoryStore store;
    private final LinkedBlockingQueue<StoreEvent> queue = new LinkedBlockingQueue<>();

    Watch(MemoryStore store) {
        this.store = store;
    }

    void offer(List<StoreEvent> events) {
        queue.addAll(events);
    }

    /** The next event, waiting up to {@code timeout}; null if none came. */
    public StoreEvent poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public StoreEvent take() throws InterruptedException {
        return queue.take();
    }

    /** Everything queued now, without waiting. */
    public List<StoreEvent> drain() {
        List<StoreEvent> out = new ArrayList<>(queue.size());
        queue.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        store.unwatch(this);
    }
}
