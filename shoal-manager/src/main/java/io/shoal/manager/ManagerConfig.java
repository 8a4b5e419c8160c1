package io.shoal.manager;

import static java.util.Objects.requireNonNull;

import io.shoal.manager.ca.RootCa;
import io.shoal.manager.controlapi.ClusterApi;
import io.shoal.manager.dispatcher.DispatcherConfig;
import java.time.Duration;

/**
 * Settings of the manager's own loops, and the lowest certificate lifetime its API accepts
 * ({@code minNodeCertExpiry}: Docker's 1 h unless lowered for tests, never below the CA's 1 min). Cluster-wide settings (heartbeat period, certificate
 * expiry, task history) live in the cluster spec instead, where {@code docker swarm update} changes them.
 */
public record ManagerConfig(DispatcherConfig dispatcher, Duration minNodeCertExpiry) {
    public ManagerConfig {
        requireNonNull(dispatcher, "dispatcher is null");
        requireNonNull(minNodeCertExpiry, "minNodeCertExpiry is null");
        if (minNodeCertExpiry.compareTo(RootCa.MIN_NODE_CERT_VALIDITY) < 0) {
            throw new IllegalArgumentException("the minimum certificate expiry cannot be below "
                    + RootCa.MIN_NODE_CERT_VALIDITY.toMinutes() + " minute");
        }
    }

    /** With Docker's minimum certificate expiry (1 h). */
    public ManagerConfig(DispatcherConfig dispatcher) {
        this(dispatcher, ClusterApi.DEFAULT_MIN_NODE_CERT_EXPIRY);
    }

    public static ManagerConfig defaults() {
        return new ManagerConfig(DispatcherConfig.defaults());
    }
}
