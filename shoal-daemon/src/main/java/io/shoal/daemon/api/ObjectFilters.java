package io.shoal.daemon.api;

import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.api.Service;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.manager.controlapi.Lookup;
import io.shoal.store.ReadTx;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The list filters of {@code GET /nodes}, {@code /services} and {@code /tasks}: which keys each
 * accepts, and the predicate they make (dockerd's words on bad values).
 */
public final class ObjectFilters {
    public static final Set<String> NODE_KEYS = Set.of("id", "name", "label", "node.label", "role", "membership");
    public static final Set<String> SERVICE_KEYS = Set.of("id", "name", "label", "mode", "runtime");
    public static final Set<String> TASK_KEYS =
            Set.of("id", "name", "label", "service", "node", "desired-state", "runtime", "_up-to-date");
    private static final Set<String> MODES = Set.of("replicated", "global", "replicated-job", "global-job");
    private static final String DEFAULT_RUNTIME = "container";

    private ObjectFilters() {}

    public static Predicate<Node> nodes(Filters f) {
        f.validate(NODE_KEYS);
        for (String r : f.get("role")) {
            if (!r.isEmpty() && !r.equalsIgnoreCase("manager") && !r.equalsIgnoreCase("worker")) {
                throw new ShoalException.InvalidArgument("Invalid role filter: '" + r + "'");
            }
        }
        for (String m : f.get("membership")) {
            if (!m.isEmpty() && !m.equalsIgnoreCase("accepted") && !m.equalsIgnoreCase("pending")) {
                throw new ShoalException.InvalidArgument("Invalid membership filter: '" + m + "'");
            }
        }
        return n -> f.matchesPrefix("id", n.id())
                && (f.matchesPrefix("name", n.hostname())
                        || (n.spec() != null && n.spec().name() != null && f.matchesPrefix("name", n.spec().name())))
                && f.matchesLabels("label", engineLabels(n))
                && f.matchesLabels("node.label", n.spec() == null ? null : n.spec().labels())
                && (!f.has("role") || f.get("role").stream()
                        .anyMatch(r -> r.equalsIgnoreCase(role(n).wire())))
                // every node in the store has been accepted; nobody waits for approval in Shoal
                && (!f.has("membership") || f.get("membership").stream().anyMatch(m -> m.equalsIgnoreCase("accepted")));
    }

    private static NodeRole role(Node n) {
        return n.spec() == null || n.spec().role() == null ? NodeRole.WORKER : n.spec().role();
    }

    private static java.util.Map<String, String> engineLabels(Node n) {
        return n.description() == null || n.description().engine() == null ? null : n.description().engine().labels();
    }

    public static Predicate<Service> services(Filters f) {
        f.validate(SERVICE_KEYS);
        for (String m : f.get("mode")) {
            if (!MODES.contains(m)) {
                throw new ShoalException.InvalidArgument("Invalid filter: 'mode=" + m + "'");
            }
        }
        return s -> f.matchesPrefix("id", s.id())
                && f.matchesPrefix("name", s.name())
                && f.matchesLabels("label", s.spec().labels())
                && f.matchesExactly("mode", s.spec().mode() == null ? "replicated" : s.spec().mode().kind())
                && f.matchesExactly("runtime", runtime(s.spec().taskTemplate() == null ? null : s.spec().taskTemplate().runtime()));
    }

    private static String runtime(String r) {
        return r == null || r.isEmpty() ? DEFAULT_RUNTIME : r.toLowerCase(Locale.ROOT);
    }

    /**
     * The task filter, resolved against {@code tx}: {@code service} and {@code node} values are
     * looked up by ID, name or prefix (an unknown one is a 404, as in dockerd), {@code label} matches
     * the owning service's labels and {@code _up-to-date} keeps tasks built from the current spec.
     *
     * @param dirty TaskDirtiness: whether a task no longer matches its service's spec
     */
    public static Predicate<Task> tasks(Filters f, ReadTx tx, BiPredicate<Service, Task> dirty) {
        f.validate(TASK_KEYS);
        Set<String> serviceIds = new HashSet<>();
        for (String ref : f.get("service")) {
            serviceIds.add(Lookup.service(tx, ref).id());
        }
        Set<String> nodeIds = new HashSet<>();
        for (String ref : f.get("node")) {
            nodeIds.add(Lookup.node(tx, ref).id());
        }
        Set<String> desired = new HashSet<>();
        for (String d : f.get("desired-state")) {
            try {
                desired.add(TaskState.of(d).wire());
            } catch (IllegalArgumentException e) {
                throw new ShoalException.InvalidArgument("Invalid desired-state filter: '" + d + "'");
            }
        }
        boolean upToDate = f.has("_up-to-date");
        return t -> f.matchesPrefix("id", t.id())
                && (!f.has("name") || f.matchesPrefix("name", Lookup.taskName(tx, t)))
                && (!f.has("label") || f.matchesLabels("label", serviceLabels(tx, t)))
                && (serviceIds.isEmpty() || serviceIds.contains(t.serviceId()))
                && (nodeIds.isEmpty() || (t.nodeId() != null && nodeIds.contains(t.nodeId())))
                && (desired.isEmpty() || desired.contains(t.desiredState().wire()))
                && f.matchesExactly("runtime", runtime(t.spec() == null ? null : t.spec().runtime()))
                && (!upToDate || tx.get(io.shoal.store.Table.SERVICES, t.serviceId())
                        .map(s -> !dirty.test(s, t)).orElse(false));
    }

    /** On tasks, {@code label} matches the owning service's labels (stack ps relies on it). */
    private static java.util.Map<String, String> serviceLabels(ReadTx tx, Task t) {
        return tx.get(io.shoal.store.Table.SERVICES, t.serviceId()).map(s -> s.spec().labels()).orElse(t.labels());
    }
}
