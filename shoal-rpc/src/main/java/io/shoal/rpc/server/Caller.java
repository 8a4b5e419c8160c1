package io.shoal.rpc.server;

import io.grpc.Context;
import io.shoal.api.NodeRole;

/**
 * Who made the current call, as the authorization interceptor established it from the TLS peer
 * certificate. {@code nodeId} and {@code role} are null for an anonymous caller (no certificate, or
 * one that was not accepted: then {@code rejection} says why). {@code remoteHost} is the IP the
 * call came from.
 */
public record Caller(String nodeId, NodeRole role, String remoteHost, String rejection) {
    static final Context.Key<Caller> KEY = Context.key("shoal-caller");

    public boolean authenticated() {
        return nodeId != null;
    }

    /** The caller of the call running on this thread (an anonymous one outside any call). */
    public static Caller current() {
        Caller c = KEY.get();
        return c == null ? new Caller(null, null, null, null) : c;
    }
}
