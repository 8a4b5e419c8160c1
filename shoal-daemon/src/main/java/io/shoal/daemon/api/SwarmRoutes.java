package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.shoal.api.Cluster;
import io.shoal.api.LocalNodeState;
import io.shoal.api.ShoalException;
import io.shoal.manager.ca.InitRequest;
import java.util.Map;
import java.util.function.Consumer;

/** {@code /swarm}: init, join, leave, inspect, update, unlock key. */
public final class SwarmRoutes implements Consumer<ApiRoutes> {
    private final SwarmAccess swarm;

    public SwarmRoutes(SwarmAccess swarm) {
        this.swarm = requireNonNull(swarm, "swarm is null");
    }

    @Override
    public void accept(ApiRoutes r) {
        r.post("/swarm/init", this::init);
        r.post("/swarm/join", this::join);
        r.post("/swarm/leave", this::leave);
        r.get("/swarm", this::inspect);
        r.post("/swarm/update", this::update);
        r.get("/swarm/unlockkey", this::unlockKey);
        r.post("/swarm/unlock", this::unlock);
    }

    private void init(Context ctx) {
        InitRequest req = JsonBodies.read(ctx.bodyAsBytes(), ctx.header("Content-Type"), InitRequest.class,
                InitRequest.defaults());
        ApiRoutes.json(ctx, swarm.init(req));
    }

    private void join(Context ctx) {
        SwarmJoinRequest req = JsonBodies.read(ctx.bodyAsBytes(), ctx.header("Content-Type"), SwarmJoinRequest.class,
                SwarmJoinRequest.EMPTY);
        swarm.join(req);
        ctx.status(200);
    }

    private void leave(Context ctx) {
        swarm.leave(Params.bool(ctx.queryParam("force")));
        ctx.status(200);
    }

    private void inspect(Context ctx) {
        ApiRoutes.json(ctx, cluster(swarm.manager()).forApi());
    }

    private static Cluster cluster(ManagerAccess m) {
        return m.store().view(tx -> tx.cluster()).orElseThrow(SwarmErrors::notAManager);
    }

    private void update(Context ctx) {
        ManagerAccess m = swarm.manager();
        Cluster.SwarmSpec spec = JsonBodies.read(ctx.bodyAsBytes(), ctx.header("Content-Type"), Cluster.SwarmSpec.class,
                new Cluster.SwarmSpec(null, null, null, null, null, null, null, null));
        long version = Params.version("swarm", ctx.queryParam("version"));
        m.control().cluster().update(version, spec,
                Params.bool(ctx.queryParam("rotateWorkerToken")), Params.bool(ctx.queryParam("rotateManagerToken")),
                Params.bool(ctx.queryParam("rotateManagerUnlockKey")));
        m.settleKeys();
        ctx.status(200);
    }

    /** The managers' unlock key; empty while autolock is off (the CLI then says "no unlock key is set"). */
    private void unlockKey(Context ctx) {
        Cluster c = cluster(swarm.manager());
        boolean on = c.spec() != null && c.spec().encryptionConfig() != null
                && Boolean.TRUE.equals(c.spec().encryptionConfig().autoLockManagers());
        ApiRoutes.json(ctx, Map.of("UnlockKey", on && c.unlockKey() != null ? c.unlockKey() : ""));
    }

    /** A locked manager starts with its unlock key; a wrong key is dockerd's 401 and it stays locked. */
    private void unlock(Context ctx) {
        if (swarm.local().state() == LocalNodeState.INACTIVE) {
            throw new ShoalException.Unavailable(SwarmErrors.NOT_IN_SWARM);
        }
        UnlockRequest req = JsonBodies.read(ctx.bodyAsBytes(), ctx.header("Content-Type"), UnlockRequest.class,
                new UnlockRequest(""));
        if (!swarm.unlock(req.unlockKey())) {
            ctx.status(401).contentType("application/json").result(ApiErrors.body(INVALID_UNLOCK_KEY));
            return;
        }
        ctx.status(200);
    }

    static final String INVALID_UNLOCK_KEY = "swarm could not be unlocked: invalid key provided";

    /** {@code POST /swarm/unlock} body. */
    public record UnlockRequest(String unlockKey) {}
}
