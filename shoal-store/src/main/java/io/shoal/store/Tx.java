package io.shoal.store;

import io.shoal.api.StoreObject;

/**
 * A write transaction. Reads see the transaction's own writes. Nothing is visible to others until
 * the store commits it through the proposer; a failed transaction changes nothing.
 */
public interface Tx extends ReadTx {
    /** Adds a new object. Fails with Conflict if its ID or name is taken. */
    <T extends StoreObject> void create(Table<T> table, T object);

    /**
     * Replaces an object. {@code object.version()} must be the version it was read at, else
     * SequenceConflict: someone else changed it meanwhile.
     */
    <T extends StoreObject> void update(Table<T> table, T object);

    /** Removes an object; a missing one is a NotFound. */
    <T extends StoreObject> void delete(Table<T> table, String id);

    /** How many changes this transaction holds so far. */
    int changeCount();
}
