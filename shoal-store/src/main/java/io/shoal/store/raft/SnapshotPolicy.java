package io.shoal.store.raft;

import java.util.function.IntSupplier;

/**
 * When a member writes a snapshot: every {@code entries} log entries (RaftConfig's interval; 0:
 * never), or once the changes applied since the last one reach both {@code minChanges} and
 * {@code changesPerObject} times the objects in the store. A restart replays every change since
 * the last snapshot, and an entry holds one change or two hundred; writing a snapshot costs in
 * proportion to the objects, so this keeps both the replay and the snapshots' share of the work
 * bounded.
 */
record SnapshotPolicy(long entries, long minChanges, long changesPerObject) {
    /** About a second or two of replay on a small manager. */
    static final long MIN_CHANGES = 100_000;
    static final long CHANGES_PER_OBJECT = 2;

    static SnapshotPolicy of(RaftConfig config) {
        return new SnapshotPolicy(config.snapshotInterval(), MIN_CHANGES, CHANGES_PER_OBJECT);
    }

    boolean enabled() {
        return entries > 0;
    }

    /** Whether a snapshot is due; {@code objects} is only asked once the changes reach {@code minChanges}. */
    boolean due(long entriesSince, long changesSince, IntSupplier objects) {
        return enabled() && (entriesSince >= entries
                || changesSince >= minChanges && changesSince >= changesPerObject * (long) objects.getAsInt());
    }
}
