package io.shoal.manager.controlapi;

import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.ShoalException;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves what a user typed into an object, in Docker's order: exact ID, exact name
 * (case-insensitive), then a unique ID prefix. No match is a 404 "{@code <kind> X not found}";
 * several are a 400 "{@code <kind> X is ambiguous (N matches found)}".
 */
public final class Lookup {
    private Lookup() {}

    public static Service service(ReadTx tx, String ref) {
        requireRef("service", ref);
        Optional<Service> byId = tx.get(Table.SERVICES, ref);
        if (byId.isPresent()) {
            return byId.get();
        }
        Optional<Service> byName = tx.byName(Table.SERVICES, ref);
        if (byName.isPresent()) {
            return byName.get();
        }
        return byPrefix("service", ref, tx.all(Table.SERVICES));
    }

    /** A node by ID, by name ({@code Description.Hostname} or {@code Spec.Name}), or by ID prefix. */
    public static Node node(ReadTx tx, String ref) {
        requireRef("node", ref);
        Optional<Node> byId = tx.get(Table.NODES, ref);
        if (byId.isPresent()) {
            return byId.get();
        }
        List<Node> all = tx.all(Table.NODES);
        List<Node> named = new ArrayList<>();
        for (Node n : all) {
            if (ref.equalsIgnoreCase(n.hostname()) || (n.spec() != null && ref.equalsIgnoreCase(n.spec().name()))) {
                named.add(n);
            }
        }
        if (named.size() == 1) {
            return named.getFirst();
        }
        if (named.size() > 1) {
            throw ambiguous("node", ref, named.size());
        }
        return byPrefix("node", ref, all);
    }

    /** A task by ID, by name ({@code <service>.<slot>.<taskID>} or {@code <service>.<nodeID>.<taskID>}), or by ID prefix. */
    public static Task task(ReadTx tx, String ref) {
        requireRef("task", ref);
        Optional<Task> byId = tx.get(Table.TASKS, ref);
        if (byId.isPresent()) {
            return byId.get();
        }
        // A task name ends with the task's ID, so a name lookup needs no scan.
        int dot = ref.lastIndexOf('.');
        if (dot > 0 && dot < ref.length() - 1) {
            Optional<Task> candidate = tx.get(Table.TASKS, ref.substring(dot + 1));
            if (candidate.isPresent() && ref.equalsIgnoreCase(taskName(tx, candidate.get()))) {
                return candidate.get();
            }
        }
        return byPrefix("task", ref, tx.all(Table.TASKS));
    }

    /**
     * Docker's task name: {@code <service>.<slot>.<taskID>}, or {@code <service>.<nodeID>.<taskID>}
     * for tasks without a slot (global services). The service is looked up by ID; a task whose
     * service is gone is named after the service ID.
     */
    public static String taskName(ReadTx tx, Task t) {
        String serviceName = tx.get(Table.SERVICES, t.serviceId()).map(Service::name).orElse(t.serviceId());
        return serviceName + "." + (t.slot() > 0 ? Long.toString(t.slot()) : t.nodeId()) + "." + t.id();
    }

    private static void requireRef(String kind, String ref) {
        if (ref == null || ref.isEmpty()) {
            throw new ShoalException.NotFound(kind + " " + (ref == null ? "" : ref) + " not found");
        }
    }

    private static <T extends StoreObject> T byPrefix(String kind, String ref, List<T> all) {
        T found = null;
        int matches = 0;
        for (T o : all) {
            if (o.id().startsWith(ref)) {
                found = o;
                matches++;
            }
        }
        if (matches == 0) {
            throw new ShoalException.NotFound(kind + " " + ref + " not found");
        }
        if (matches > 1) {
            throw ambiguous(kind, ref, matches);
        }
        return found;
    }

    private static ShoalException ambiguous(String kind, String ref, int n) {
        return new ShoalException.InvalidArgument(kind + " " + ref + " is ambiguous (" + n + " matches found)");
    }
}
