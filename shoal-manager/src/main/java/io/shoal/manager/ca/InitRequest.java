package io.shoal.manager.ca;

import io.shoal.api.Cluster;
import java.util.List;

/**
 * The body of {@code POST /swarm/init}, as the docker CLI sends it. {@code Availability} stays a
 * string because the CLI sends {@code ""} for "not given".
 */
public record InitRequest(
        String listenAddr,
        String advertiseAddr,
        String dataPathAddr,
        Integer dataPathPort,
        Boolean forceNewCluster,
        Cluster.SwarmSpec spec,
        Boolean autoLockManagers,
        String availability,
        List<String> defaultAddrPool,
        Integer subnetSize) {

    /** A request with every option left to its default. */
    public static InitRequest defaults() {
        return new InitRequest(null, null, null, null, false, null, false, null, null, null);
    }
}
