package io.shoal.manager.orchestrator;

import io.shoal.api.ShoalException;
import io.shoal.store.MemoryStore;
import io.shoal.store.Tx;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Applies a loop's decisions as batched store writes. Each {@link Op} is version-checked by the
 * store and fails alone (SequenceConflict: someone changed the object since the loop read it); the
 * caller gets the keys of the failed ones back to retry on its next pass.
 */
public final class StoreWrites {
    /** Ops per {@link MemoryStore#batch} call: bounded, so other writers are not locked out for long. */
    static final int OPS_PER_BATCH = 1_000;

    /** One write and the key (usually an object ID) it is reported under when it fails. */
    public record Op(String key, Consumer<Tx> write) {}

    private StoreWrites() {}

    public static Set<String> apply(MemoryStore store, List<Op> ops, Logger log) {
        Set<String> failed = new HashSet<>();
        int[] skipped = {0};
        String[] firstSkip = {null};
        for (int from = 0; from < ops.size(); from += OPS_PER_BATCH) {
            List<Op> chunk = ops.subList(from, Math.min(ops.size(), from + OPS_PER_BATCH));
            List<Consumer<Tx>> writes = chunk.stream().<Consumer<Tx>>map(op -> tx -> {
                try {
                    op.write().accept(tx);
                } catch (RuntimeException e) {
                    failed.add(op.key());
                    throw e;
                }
            }).toList();
            store.batch(writes, e -> {
                if (e instanceof ShoalException.SequenceConflict || e instanceof ShoalException.NotFound) {
                    if (skipped[0]++ == 0) {
                        firstSkip[0] = e.getMessage();
                    }
                } else {
                    log.warn("write failed", e);
                }
            });
        }
        if (skipped[0] > 0) {
            log.debug("{} of {} writes skipped (changed meanwhile), to retry; first: {}", skipped[0], ops.size(),
                    firstSkip[0]);
        }
        return failed;
    }

    /** Runs one write in its own transaction; false if it failed (logged) and should be retried. */
    public static boolean applyOne(MemoryStore store, Consumer<Tx> write, Logger log) {
        return apply(store, List.of(new Op("", write)), log).isEmpty();
    }
}
