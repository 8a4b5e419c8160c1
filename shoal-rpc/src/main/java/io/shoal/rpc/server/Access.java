package io.shoal.rpc.server;

import io.shoal.api.NodeRole;
import java.util.Set;

/** Who may make a call (SwarmKit's per-RPC {@code tls_authorization} option). */
enum Access {
    /** Anyone; a certificate, if presented and valid, still identifies the caller. */
    ANONYMOUS(Set.of()),
    /** A node of this cluster: worker or manager. */
    NODE(Set.of(NodeRole.WORKER, NodeRole.MANAGER)),
    /** A manager of this cluster. */
    MANAGER(Set.of(NodeRole.MANAGER));

    final Set<NodeRole> roles;

    Access(Set<NodeRole> roles) {
        this.roles = roles;
    }
}
