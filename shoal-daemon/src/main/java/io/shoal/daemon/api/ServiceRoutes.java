package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.shoal.api.Node;
import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.manager.controlapi.Lookup;
import io.shoal.store.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** {@code /services}: list (with status), inspect (with defaults), create, update, rollback, remove. */
public final class ServiceRoutes implements Consumer<ApiRoutes> {
    /** What an empty body decodes to: the validation of the zero spec then speaks, as in dockerd. */
    private static final ServiceSpec EMPTY_SPEC = new ServiceSpec(null, null, null, null, null, null, null);

    private final SwarmAccess swarm;

    public ServiceRoutes(SwarmAccess swarm) {
        this.swarm = requireNonNull(swarm, "swarm is null");
    }

    @Override
    public void accept(ApiRoutes r) {
        r.get("/services", this::list);
        r.get("/services/{id}", this::inspect);
        r.post("/services/create", this::create);
        r.post("/services/{id}/update", this::update);
        r.delete("/services/{id}", this::remove);
    }

    private void list(Context ctx) {
        ManagerAccess m = swarm.manager();
        Predicate<Service> keep = ObjectFilters.services(Filters.parse(ctx.queryParam("filters")));
        boolean status = Params.bool(ctx.queryParam("status"));
        List<Service> services = m.store().view(tx -> {
            List<Service> found = Listing.filtered(tx.all(Table.SERVICES), keep);
            if (!status) {
                return found;
            }
            Set<String> down = tx.all(Table.NODES).stream()
                    .filter(n -> n.status() != null && n.status().state() == NodeState.DOWN)
                    .map(Node::id).collect(Collectors.toSet());
            return found.stream()
                    .map(s -> s.withServiceStatus(ServiceStatusCounter.count(s, tx.tasksOfService(s.id()), down)))
                    .toList();
        });
        ApiRoutes.json(ctx, services);
    }

    private void inspect(Context ctx) {
        ManagerAccess m = swarm.manager();
        String ref = ctx.pathParam("id");
        Service s = m.store().view(tx -> Lookup.service(tx, ref));
        if (Params.bool(ctx.queryParam("insertDefaults"))) {
            s = s.withSpec(ServiceDefaults.insert(s.spec()), s.previousSpec(), s.specVersion(), s.previousSpecVersion());
        }
        ApiRoutes.json(ctx, s);
    }

    private void create(Context ctx) {
        ManagerAccess m = swarm.manager();
        ServiceSpec spec = JsonBodies.read(ctx.bodyAsBytes(), ctx.header("Content-Type"), ServiceSpec.class, EMPTY_SPEC);
        Service created = m.control().services().create(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ID", created.id());
        body.put("Warnings", null);
        ApiRoutes.json(ctx, 201, body);
    }

    /** The whole spec replaces the current one; {@code rollback=previous} ignores the body and swaps back. */
    private void update(Context ctx) {
        ManagerAccess m = swarm.manager();
        String ref = ctx.pathParam("id");
        boolean rollback = "previous".equals(ctx.queryParam("rollback"));
        ServiceSpec spec = JsonBodies.read(ctx.bodyAsBytes(), ctx.header("Content-Type"), ServiceSpec.class, EMPTY_SPEC);
        long version = Params.version("service", ctx.queryParam("version"));
        if (rollback) {
            m.control().services().rollback(ref, version);
        } else {
            m.control().services().update(ref, version, spec);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Warnings", null);
        ApiRoutes.json(ctx, body);
    }

    private void remove(Context ctx) {
        ManagerAccess m = swarm.manager();
        m.control().services().remove(ctx.pathParam("id"));
        ctx.status(200);
    }
}
