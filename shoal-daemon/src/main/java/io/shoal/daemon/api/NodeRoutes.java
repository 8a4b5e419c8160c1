package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.shoal.api.Node;
import io.shoal.manager.controlapi.Lookup;
import io.shoal.store.Table;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** {@code /nodes}: list, inspect, update, remove. */
public final class NodeRoutes implements Consumer<ApiRoutes> {
    private final SwarmAccess swarm;

    public NodeRoutes(SwarmAccess swarm) {
        this.swarm = requireNonNull(swarm, "swarm is null");
    }

    @Override
    public void accept(ApiRoutes r) {
        r.get("/nodes", this::list);
        r.get("/nodes/{id}", this::inspect);
        r.post("/nodes/{id}/update", this::update);
        r.delete("/nodes/{id}", this::remove);
    }

    private void list(Context ctx) {
        ManagerAccess m = swarm.manager();
        Predicate<Node> keep = ObjectFilters.nodes(Filters.parse(ctx.queryParam("filters")));
        List<Node> nodes = m.store().<List<Node>>view(tx -> tx.all(Table.NODES)).stream()
                .map(m::withLiveManagerStatus).toList();
        nodes = Listing.filtered(nodes, keep);
        ApiRoutes.json(ctx, nodes);
    }

    private void inspect(Context ctx) {
        ManagerAccess m = swarm.manager();
        String ref = ctx.pathParam("id");
        ApiRoutes.json(ctx, m.withLiveManagerStatus(m.store().view(tx -> Lookup.node(tx, ref))));
    }

    private void update(Context ctx) {
        ManagerAccess m = swarm.manager();
        Node.NodeSpec spec = JsonBodies.read(ctx.bodyAsBytes(), ctx.header("Content-Type"), Node.NodeSpec.class,
                new Node.NodeSpec(null, null, null, null));
        long version = Params.version("node", ctx.queryParam("version"));
        m.control().nodes().update(ctx.pathParam("id"), version, spec);
        ctx.status(200);
    }

    private void remove(Context ctx) {
        ManagerAccess m = swarm.manager();
        m.control().nodes().remove(ctx.pathParam("id"), Params.bool(ctx.queryParam("force")));
        ctx.status(200);
    }
}
