package io.shoal.manager.orchestrator.update;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.manager.orchestrator.LoopTimer;
import io.shoal.manager.orchestrator.restart.RestartSupervisor;
import io.shoal.store.MemoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs at most one {@link Updater} per service: a service whose spec version changed gets a new one
 * (cancelling the old), one already updating towards the same version is left alone. Belongs to one
 * orchestrator and runs on its loop thread.
 */
public final class UpdateSupervisor {
    private final MemoryStore store;
    private final LoopTimer timer;
    private final RestartSupervisor restarts;
    private final Map<String, Updater> updaters = new HashMap<>();

    public UpdateSupervisor(MemoryStore store, LoopTimer timer, RestartSupervisor restarts) {
        this.store = requireNonNull(store, "store is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.restarts = requireNonNull(restarts, "restarts is null");
    }

    /**
     * Brings {@code service}'s slots (each the slot's tasks meant to run) to its current spec. Called
     * on every reconcile of the service; cheap when nothing is dirty.
     */
    public void update(Service service, List<List<Task>> slots) {
        Updater running = updaters.get(service.id());
        if (running != null && !running.isDone()) {
            if (Objects.equals(running.service().specVersion(), service.specVersion())
                    && Objects.equals(running.service().spec(), service.spec())) {
                return; // already working towards this spec
            }
            running.cancel();
        }
        Updater u = new Updater(store, timer, restarts, service, slots);
        updaters.put(service.id(), u);
        u.begin();
        if (u.isDone()) {
            updaters.remove(service.id());
        }
    }

    public void onTaskChange(Task t) {
        Updater u = updaters.get(t.serviceId());
        if (u != null) {
            u.onTaskChange(t);
        }
    }

    /** Steps every running update; forgets finished ones. */
    public void advance() {
        for (Updater u : new ArrayList<>(updaters.values())) {
            u.advance();
        }
        updaters.values().removeIf(Updater::isDone);
    }

    public void cancel(String serviceId) {
        Updater u = updaters.remove(serviceId);
        if (u != null) {
            u.cancel();
        }
    }

    public void cancelAll() {
        updaters.values().forEach(Updater::cancel);
        updaters.clear();
    }

    public boolean isUpdating(String serviceId) {
        return Optional.ofNullable(updaters.get(serviceId)).map(u -> !u.isDone()).orElse(false);
    }
}
