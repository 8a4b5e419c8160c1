package io.shoal.store;

import io.shoal.api.Cluster;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import java.util.List;
import java.util.Optional;

/** A consistent read of the store. */
public interface ReadTx {
    <T extends StoreObject> Optional<T> get(Table<T> table, String id);

    <T extends StoreObject> List<T> all(Table<T> table);

    /** By the table's unique name, case-insensitively (services by spec name, clusters by name). */
    <T extends StoreObject> Optional<T> byName(Table<T> table, String name);

    List<Task> tasksOfService(String serviceId);

    List<Task> tasksOnNode(String nodeId);

    /** The store version: the index of the last applied write. */
    long index();

    /** The cluster, once {@code swarm init} created it. */
    default Optional<Cluster> cluster() {
        return all(Table.CLUSTERS).stream().findFirst();
    }
}
