package io.shoal.api;

import java.time.Instant;

/** What every object in the store has: an ID, a version, and when it was created and last changed. */
public sealed interface StoreObject permits Cluster, Node, Service, Task {
    String id();

    Version version();

    Instant createdAt();

    Instant updatedAt();

    /** A copy stamped by the store when a write commits. */
    StoreObject withMeta(Version version, Instant createdAt, Instant updatedAt);
}
