package io.shoal.manager.controlapi;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Ids;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.UpdateState;
import io.shoal.api.Version;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.Endpoints;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Service create, update, rollback and remove, as SwarmKit's control API does them: the spec is
 * completed with dockerd's defaults, validated, checked against other services' ports and written
 * in one transaction, so a rejected call changes nothing. Tasks are the orchestrators' business.
 * <p>
 * {@code specVersion} counts spec generations: 1 at create, then one more than any generation the
 * service has had on each update (a rollback restores the previous generation's number, so a later
 * update must not reuse the number of the spec rolled away from).
 */
public final class ServiceApi {
    static final String ROLLBACK_MESSAGE = "manually requested rollback";
    private static final int NAME_ATTEMPTS = 16;

    private final MemoryStore store;
    private final Clock clock;
    private final RandomNames names;

    public ServiceApi(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.names = new RandomNames(new SplittableRandom());
    }

    /** Creates a service: 409 if the name is taken, 400 on an invalid spec. */
    public Service create(ServiceSpec spec) {
        if (spec == null) {
            throw new ShoalException.InvalidArgument("invalid argument");
        }
        String id = Ids.newId();
        store.write(tx -> {
            String name = spec.name() == null || spec.name().isEmpty() ? freeName(tx) : spec.name();
            ServiceSpec s = ServiceSpecDefaults.apply(spec, name);
            ServiceSpecValidator.validate(s);
            PortConflicts.check(tx, s, null);
            if (tx.byName(Table.SERVICES, s.name()).isPresent()) {
                throw nameConflict(s.name());
            }
            Service.JobStatus job = s.mode().isJob() ? new Service.JobStatus(Version.ZERO, clock.instant()) : null;
            // Without ports to publish the endpoint is known now: the tasks need not wait for the allocator.
            tx.create(Table.SERVICES, new Service(id, Version.ZERO, null, null, s, null, Endpoints.withoutAllocation(s),
                    null, null, job, new Version(1), null));
        });
        return read(id);
    }

    /**
     * Replaces the spec of the service {@code ref} (ID, name or ID prefix). {@code version} is the
     * {@code Version.Index} the caller read; a stale one is a SequenceConflict. An empty name keeps
     * the service's name.
     */
    public Service update(String ref, long version, ServiceSpec spec) {
        if (spec == null) {
            throw new ShoalException.InvalidArgument("invalid argument");
        }
        String id = store.update(tx -> {
            Service current = Lookup.service(tx, ref);
            ServiceSpec s = ServiceSpecDefaults.apply(spec, current.name());
            ServiceSpecValidator.validate(s);
            if (!current.spec().mode().kind().equals(s.mode().kind())) {
                throw new ShoalException.Unimplemented("service mode change is not allowed");
            }
            if (!current.name().equals(s.name())) {
                throw new ShoalException.Unimplemented("renaming services is not supported");
            }
            checkVersion(current, version);
            if (!Objects.equals(current.spec().endpointSpec(), s.endpointSpec())) {
                PortConflicts.check(tx, s, current.id());
            }
            Service updated = current
                    .withSpec(s, current.spec(), nextSpecVersion(current), current.specVersion())
                    .withUpdateStatus(null)
                    .withJobStatus(nextJobIteration(current));
            tx.update(Table.SERVICES, updated);
            return current.id();
        });
        return read(id);
    }

    /** {@code ?rollback=previous}: swaps the spec and the previous spec and starts a rollback. */
    public Service rollback(String ref, long version) {
        String id = store.update(tx -> {
            Service current = Lookup.service(tx, ref);
            checkVersion(current, version);
            if (current.previousSpec() == null) {
                throw new ShoalException.InvalidArgument("service " + current.id() + " does not have a previous spec");
            }
            Service rolledBack = current
                    .withSpec(current.previousSpec(), current.spec(), current.previousSpecVersion(), current.specVersion())
                    .withUpdateStatus(new Service.UpdateStatus(UpdateState.ROLLBACK_STARTED, clock.instant(), null,
                            ROLLBACK_MESSAGE))
                    .withJobStatus(nextJobIteration(current));
            tx.update(Table.SERVICES, rolledBack);
            return current.id();
        });
        return read(id);
    }

    /** Deletes the service object; the orchestrators then shut down and remove its tasks. */
    public void remove(String ref) {
        store.write(tx -> tx.delete(Table.SERVICES, Lookup.service(tx, ref).id()));
    }

    private String freeName(Tx tx) {
        for (int i = 0; i < NAME_ATTEMPTS; i++) {
            String n = names.next();
            if (tx.byName(Table.SERVICES, n).isEmpty()) {
                return n;
            }
        }
        return names.next() + "_" + Ids.newId().substring(0, 6);
    }

    private static void checkVersion(Service current, long version) {
        if (current.version() == null || current.version().index() != version) {
            throw new ShoalException.SequenceConflict("update out of sequence");
        }
    }

    private static Version nextSpecVersion(Service s) {
        long cur = s.specVersion() == null ? 0 : s.specVersion().index();
        long prev = s.previousSpecVersion() == null ? 0 : s.previousSpecVersion().index();
        return new Version(Math.max(cur, prev) + 1);
    }

    private Service.JobStatus nextJobIteration(Service s) {
        if (s.jobStatus() == null) {
            return null;
        }
        long it = s.jobStatus().jobIteration() == null ? 0 : s.jobStatus().jobIteration().index();
        return new Service.JobStatus(new Version(it + 1), clock.instant());
    }

    private static ShoalException nameConflict(String name) {
        return new ShoalException.Conflict("name conflicts with an existing object: service " + name + " already exists");
    }

    private Service read(String id) {
        return store.view(tx -> tx.get(Table.SERVICES, id))
                .orElseThrow(() -> new ShoalException.NotFound("service " + id + " not found"));
    }
}
