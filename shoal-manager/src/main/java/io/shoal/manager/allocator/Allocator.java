package io.shoal.manager.allocator;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.Endpoints;
import io.shoal.manager.orchestrator.LoopComponent;
import io.shoal.manager.orchestrator.StoreLoop;
import io.shoal.manager.orchestrator.StoreWrites;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives services and tasks what they need before scheduling: a service's endpoint (its endpoint spec
 * and the ports it publishes, ingress ports reserved cluster-wide) and then its tasks move from NEW to
 * PENDING ("pending task scheduling"). Tasks created once their service's endpoint is allocated
 * start in PENDING and never come here (see {@link Tasks#newTask}). A task waits in NEW while its
 * service's endpoint is not allocated (for example, a published port is held by another service; the
 * API refuses that at create time, so this only guards against races). Virtual IPs and task
 * addresses come with networking.
 */
public final class Allocator implements LoopComponent {
    private static final Logger log = LoggerFactory.getLogger(Allocator.class);

    private final MemoryStore store;
    private final StoreLoop loop;

    // Loop-thread state.
    private final PortAllocator ports = new PortAllocator();
    private final Set<String> dirtyServices = new LinkedHashSet<>();
    private final Set<String> unallocated = new LinkedHashSet<>();
    private final Set<String> newTasks = new LinkedHashSet<>();
    private final Map<String, Set<String>> waitingForService = new HashMap<>();

    public Allocator(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.loop = new StoreLoop("allocator", store, clock);
        loop.setHandler(new Handler());
    }

    @Override
    public StoreLoop loop() {
        return loop;
    }

    private final class Handler implements StoreLoop.Handler {
        @Override
        public void init(ReadTx snapshot) {
            ports.clear();
            dirtyServices.clear();
            unallocated.clear();
            newTasks.clear();
            waitingForService.clear();
            for (Service s : snapshot.all(Table.SERVICES)) {
                if (s.endpoint() != null) {
                    ports.restore(s.id(), s.endpoint().ports());
                }
                dirtyServices.add(s.id());
            }
            for (Task t : snapshot.all(Table.TASKS)) {
                if (t.state() == TaskState.NEW) {
                    newTasks.add(t.id());
                }
            }
        }

        @Override
        public void onChange(StoreEvent change) {
            switch (change) {
                case StoreEvent.Created c -> changed(c.object());
                case StoreEvent.Updated u -> changed(u.object());
                case StoreEvent.Deleted d -> {
                    if (d.object() instanceof Service s) {
                        ports.release(s.id());
                        dirtyServices.remove(s.id());
                        unallocated.remove(s.id());
                        waitingForService.remove(s.id());
                        // Ports came free: services that could not get theirs may now.
                        dirtyServices.addAll(unallocated);
                    } else if (d.object() instanceof Task t) {
                        newTasks.remove(t.id());
                    }
                }
                case StoreEvent.Commit c -> { }
            }
        }

        private void changed(io.shoal.api.StoreObject o) {
            if (o instanceof Service s) {
                dirtyServices.add(s.id());
            } else if (o instanceof Task t && t.state() == TaskState.NEW) {
                newTasks.add(t.id());
            }
        }

        @Override
        public void reconcile() {
            allocateServices();
            allocateTasks();
        }

        @Override
        public void resync() {
            store.view(tx -> {
                tx.all(Table.SERVICES).forEach(s -> dirtyServices.add(s.id()));
                tx.all(Table.TASKS).stream().filter(t -> t.state() == TaskState.NEW).forEach(t -> newTasks.add(t.id()));
                return null;
            });
        }
    }

    private void allocateServices() {
        if (dirtyServices.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(dirtyServices);
        dirtyServices.clear();
        for (String id : ids) {
            Service s = store.view(tx -> tx.get(Table.SERVICES, id)).orElse(null);
            if (s == null) {
                ports.release(id);
                continue;
            }
            if (Endpoints.isAllocated(s)) {
                unallocated.remove(id);
                continue;
            }
            ServiceSpec.EndpointSpec spec = Endpoints.normalize(s.spec().endpointSpec());
            List<ServiceSpec.PortConfig> allocated;
            try {
                allocated = ports.allocate(id, spec.ports(), s.endpoint() == null ? null : s.endpoint().ports());
            } catch (ShoalException.Conflict | ShoalException.Unavailable e) {
                if (unallocated.add(id)) {
                    log.warn("service {}: cannot allocate its endpoint: {}", id, e.getMessage());
                }
                continue;
            }
            Service.Endpoint endpoint = new Service.Endpoint(spec, allocated.isEmpty() ? null : List.copyOf(allocated),
                    s.endpoint() == null ? null : s.endpoint().virtualIPs());
            boolean written = StoreWrites.applyOne(store, tx -> {
                Service now = tx.get(Table.SERVICES, id).orElse(null);
                if (now == null) {
                    return;
                }
                if (!now.version().equals(s.version())) {
                    throw new ShoalException.SequenceConflict("service " + id + " changed");
                }
                tx.update(Table.SERVICES, now.withEndpoint(endpoint));
            }, log);
            if (!written) {
                dirtyServices.add(id);
                loop.requestReconcile();
                continue;
            }
            unallocated.remove(id);
            Set<String> waiting = waitingForService.remove(id);
            if (waiting != null) {
                newTasks.addAll(waiting);
            }
        }
    }

    private void allocateTasks() {
        if (newTasks.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(newTasks);
        newTasks.clear();
        Instant now = loop.now();
        List<StoreWrites.Op> ops = new ArrayList<>(ids.size());
        store.view(tx -> {
            Map<String, Boolean> ready = new HashMap<>();
            for (String id : ids) {
                Task t = tx.get(Table.TASKS, id).orElse(null);
                if (t == null || t.state() != TaskState.NEW || t.desiredState() == TaskState.REMOVE) {
                    continue; // gone, moved on, or being removed (the reaper deletes it)
                }
                boolean ok = ready.computeIfAbsent(t.serviceId(),
                        sid -> tx.get(Table.SERVICES, sid).map(Endpoints::isAllocated).orElse(false));
                if (!ok) {
                    waitingForService.computeIfAbsent(t.serviceId(), k -> new LinkedHashSet<>()).add(id);
                    continue;
                }
                ops.add(new StoreWrites.Op(id, wtx -> {
                    Task cur = wtx.get(Table.TASKS, id).orElse(null);
                    if (cur != null && cur.state() == TaskState.NEW) {
                        wtx.update(Table.TASKS, cur.withStatus(Task.TaskStatus.of(now, TaskState.PENDING, Endpoints.PENDING_MESSAGE)));
                    }
                }));
            }
            return null;
        });
        Set<String> failed = StoreWrites.apply(store, ops, log);
        if (!failed.isEmpty()) {
            newTasks.addAll(failed);
            loop.requestReconcile();
        }
    }
}
