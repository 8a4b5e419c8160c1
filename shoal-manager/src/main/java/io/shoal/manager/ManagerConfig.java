package io.shoal.manager;

import static java.util.Objects.requireNonNull;

import io.shoal.manager.dispatcher.DispatcherConfig;

/**
 * Settings of the manager's own loops. Cluster-wide settings (heartbeat period, certificate
 * expiry, task history) live in the cluster spec instead, where {@code docker swarm update} changes them.
 */
public record ManagerConfig(DispatcherConfig dispatcher) {
    public ManagerConfig {
        requireNonNull(dispatcher, "dispatcher is null");
    }

    public static ManagerConfig defaults() {
        return new ManagerConfig(DispatcherConfig.defaults());
    }
}
