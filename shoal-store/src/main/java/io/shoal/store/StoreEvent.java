package io.shoal.store;

import io.shoal.api.StoreObject;

/** What a watcher of the store sees: each change of a commit, then the commit itself. */
public sealed interface StoreEvent {
    record Created(StoreObject object) implements StoreEvent {}

    record Updated(StoreObject old, StoreObject object) implements StoreEvent {}

    record Deleted(StoreObject object) implements StoreEvent {}

    /** Ends the changes of one commit; {@code index} is the store version after it. */
    record Commit(long index) implements StoreEvent {}
}
