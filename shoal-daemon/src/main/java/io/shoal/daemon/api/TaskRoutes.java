package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.manager.controlapi.Lookup;
import io.shoal.store.Table;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/** {@code /tasks}: list with filters, inspect. */
public final class TaskRoutes implements Consumer<ApiRoutes> {
    private final SwarmAccess swarm;
    private final BiPredicate<Service, Task> dirty;

    /** @param dirty whether a task no longer matches its service's current spec (for {@code _up-to-date}) */
    public TaskRoutes(SwarmAccess swarm, BiPredicate<Service, Task> dirty) {
        this.swarm = requireNonNull(swarm, "swarm is null");
        this.dirty = requireNonNull(dirty, "dirty is null");
    }

    @Override
    public void accept(ApiRoutes r) {
        r.get("/tasks", this::list);
        r.get("/tasks/{id}", this::inspect);
    }

    private void list(Context ctx) {
        ManagerAccess m = swarm.manager();
        Filters filters = Filters.parse(ctx.queryParam("filters"));
        List<Task> tasks = m.store().view(tx ->
                Listing.filtered(tx.all(Table.TASKS), ObjectFilters.tasks(filters, tx, dirty)));
        ApiRoutes.json(ctx, tasks);
    }

    private void inspect(Context ctx) {
        ManagerAccess m = swarm.manager();
        String ref = ctx.pathParam("id");
        ApiRoutes.json(ctx, m.store().view(tx -> Lookup.task(tx, ref)));
    }
}
