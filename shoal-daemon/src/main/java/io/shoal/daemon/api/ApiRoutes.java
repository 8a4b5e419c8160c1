package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.shoal.api.Json;

/**
 * Registers each route twice, bare ({@code /services}) and versioned ({@code /v1.50/services}),
 * as dockerd serves both. A versioned route only answers when the path's version was well formed
 * (the request filter checked it and recorded it); {@code /vfoo/...} is "page not found".
 */
public final class ApiRoutes {
    /** Request attribute: the {@link ApiVersion} the client asked for (MAX on bare paths). */
    public static final String VERSION = "shoal.apiVersion";

    private final RoutesConfig routes;

    public ApiRoutes(RoutesConfig routes) {
        this.routes = requireNonNull(routes, "routes is null");
    }

    public ApiRoutes get(String path, Handler h) {
        return add(HandlerType.GET, path, h);
    }

    public ApiRoutes head(String path, Handler h) {
        return add(HandlerType.HEAD, path, h);
    }

    public ApiRoutes post(String path, Handler h) {
        return add(HandlerType.POST, path, h);
    }

    public ApiRoutes put(String path, Handler h) {
        return add(HandlerType.PUT, path, h);
    }

    public ApiRoutes delete(String path, Handler h) {
        return add(HandlerType.DELETE, path, h);
    }

    private ApiRoutes add(HandlerType method, String path, Handler h) {
        routes.addHttpHandler(method, path, h);
        routes.addHttpHandler(method, "/v{apiVersion}" + path, ctx -> {
            if (ctx.attribute(VERSION) == null) {
                throw new PageNotFound();
            }
            h.handle(ctx);
        });
        return this;
    }

    /** The version of the request (MAX when the path had none). */
    public static ApiVersion version(Context ctx) {
        ApiVersion v = ctx.attribute(VERSION);
        return v == null ? ApiVersion.MAX : v;
    }

    /** Answers 200 with a JSON body. */
    public static void json(Context ctx, Object value) {
        json(ctx, 200, value);
    }

    public static void json(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(Json.writeBytes(value));
    }

    /** No route for this method and path: dockerd's 404 "page not found". */
    public static final class PageNotFound extends RuntimeException {
        public PageNotFound() {
            super("page not found", null, false, false);
        }
    }
}
