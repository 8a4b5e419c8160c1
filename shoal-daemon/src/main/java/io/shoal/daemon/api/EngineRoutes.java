package io.shoal.daemon.api;

import io.shoal.api.ShoalException;
import java.util.function.Consumer;

/**
 * Engine objects Shoal does not own. {@code docker inspect X} tries containers, images, volumes and
 * plugins before swarm objects and skips a type on 404, so each answers a plain 404; the CLI's
 * digest lookup ({@code /distribution}) gets an error and keeps the image tag.
 */
public final class EngineRoutes implements Consumer<ApiRoutes> {
    private final boolean engineObjects;

    /** @param engineObjects answer for containers, images, volumes and plugins (false: an {@link EngineProxy} does) */
    public EngineRoutes(boolean engineObjects) {
        this.engineObjects = engineObjects;
    }

    @Override
    public void accept(ApiRoutes r) {
        r.get("/distribution/<name>/json", ctx -> {
            throw new ShoalException.NotFound("cannot resolve " + ctx.pathParam("name")
                    + " on a registry: Shoal uses images as tagged, and each node pulls them itself");
        });
        if (!engineObjects) {
            return;
        }
        r.get("/containers/{id}/json", ctx -> {
            throw new ShoalException.NotFound("No such container: " + ctx.pathParam("id"));
        });
        r.get("/images/<name>/json", ctx -> {
            throw new ShoalException.NotFound("No such image: " + ctx.pathParam("name"));
        });
        r.get("/volumes/{name}", ctx -> {
            throw new ShoalException.NotFound("get " + ctx.pathParam("name") + ": no such volume");
        });
        r.get("/plugins/<name>/json", ctx -> {
            throw new ShoalException.NotFound("plugin \"" + ctx.pathParam("name") + "\" not found");
        });
    }
}
