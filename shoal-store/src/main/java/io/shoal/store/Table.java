package io.shoal.store;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import java.util.List;
import java.util.function.Function;

/**
 * A table of the store: its name (in the Raft log), its object type, and how an object is named
 * for the unique, case-insensitive name index ({@code null}: not indexed by name).
 */
public record Table<T extends StoreObject>(String name, Class<T> type, String kind, Function<T, String> nameOf) {
    public static final Table<Cluster> CLUSTERS = new Table<>("clusters", Cluster.class, "cluster", c -> c.spec().name());
    public static final Table<Node> NODES = new Table<>("nodes", Node.class, "node", n -> null);
    public static final Table<Service> SERVICES = new Table<>("services", Service.class, "service", Service::name);
    public static final Table<Task> TASKS = new Table<>("tasks", Task.class, "task", t -> null);

    public static final List<Table<?>> ALL = List.of(CLUSTERS, NODES, SERVICES, TASKS);

    public static Table<?> byName(String name) {
        for (Table<?> t : ALL) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown table " + name);
    }

    @SuppressWarnings("unchecked")
    public T cast(StoreObject o) {
        return (T) o;
    }

    @Override
    public String toString() {
        return name;
    }
}
