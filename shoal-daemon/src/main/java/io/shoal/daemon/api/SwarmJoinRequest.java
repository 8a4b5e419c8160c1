package io.shoal.daemon.api;

import java.util.List;

/** The body of {@code POST /swarm/join} (Docker's JoinRequest). */
public record SwarmJoinRequest(
        String listenAddr,
        String advertiseAddr,
        String dataPathAddr,
        List<String> remoteAddrs,
        String joinToken,
        String availability) {

    public static final SwarmJoinRequest EMPTY = new SwarmJoinRequest(null, null, null, null, null, null);
}
