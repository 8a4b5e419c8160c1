package io.shoal.manager.orchestrator;

import static java.util.Objects.requireNonNull;

import io.shoal.api.time.Clock;
import io.shoal.manager.Component;
import io.shoal.manager.allocator.Allocator;
import io.shoal.manager.orchestrator.global.GlobalOrchestrator;
import io.shoal.manager.orchestrator.jobs.JobsOrchestrator;
import io.shoal.manager.orchestrator.replicated.ReplicatedOrchestrator;
import io.shoal.manager.orchestrator.taskreaper.TaskReaper;
import io.shoal.manager.scheduler.Scheduler;
import io.shoal.store.MemoryStore;
import java.util.List;

/**
 * The leader's reconcile loops, from a service to placed tasks: the replicated, global and jobs
 * orchestrators (with their restart and update supervisors), the task reaper, the allocator and the
 * scheduler. They meet only through the store. Started when this manager becomes leader, stopped
 * when it stops being leader; each re-reads the store when it starts.
 */
public final class Orchestration implements Component {
    private final ReplicatedOrchestrator replicated;
    private final GlobalOrchestrator global;
    private final JobsOrchestrator jobs;
    private final TaskReaper reaper;
    private final Allocator allocator;
    private final Scheduler scheduler;
    private final List<Component> components;

    public Orchestration(MemoryStore store, Clock clock) {
        requireNonNull(store, "store is null");
        requireNonNull(clock, "clock is null");
        this.replicated = new ReplicatedOrchestrator(store, clock);
        this.global = new GlobalOrchestrator(store, clock);
        this.jobs = new JobsOrchestrator(store, clock);
        this.reaper = new TaskReaper(store, clock);
        this.allocator = new Allocator(store, clock);
        this.scheduler = new Scheduler(store, clock);
        // Downstream first, so the first tasks created already find the allocator and scheduler running.
        this.components = List.of(scheduler, allocator, reaper, jobs, global, replicated);
    }

    @Override
    public void start() {
        components.forEach(Component::start);
    }

    @Override
    public void stop() {
        components.reversed().forEach(Component::stop);
    }

    /** Every loop, for tests that drive them by hand ({@link StoreLoop#attach()}, {@link StoreLoop#runPending()}). */
    public List<StoreLoop> loops() {
        return List.of(scheduler.loop(), allocator.loop(), reaper.loop(), jobs.loop(), global.loop(), replicated.loop());
    }
}
