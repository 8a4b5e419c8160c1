package io.shoal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Ids;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);

    static Service service(String name) {
        ServiceSpec spec = new ServiceSpec(name, Map.of(),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox"), null, null, null, null, null, null, null),
                ServiceSpec.Mode.ofReplicated(2), null, null, null);
        return new Service(Ids.newId(), Version.ZERO, null, null, spec, null, null, null, null, null, null, null);
    }

    static Task task(Service s, long slot) {
        return new Task(Ids.newId(), Version.ZERO, null, null, Map.of(), s.spec().taskTemplate(), s.id(), slot, null,
                Task.TaskStatus.of(null, TaskState.NEW, "created"), TaskState.RUNNING, null, null, null);
    }

    @Test
    void aCommitStampsVersionAndTimesAndIsVisibleToReaders() {
        Service s = service("web");
        store.write(tx -> tx.create(Table.SERVICES, s));
        Service stored = store.view(tx -> tx.get(Table.SERVICES, s.id())).orElseThrow();
        assertThat(stored.version().index()).isEqualTo(store.index()).isPositive();
        assertThat(stored.createdAt()).isEqualTo(clock.instant());
        assertThat(store.<java.util.Optional<Service>>view(tx -> tx.byName(Table.SERVICES, "WEB"))).contains(stored);
    }

    @Test
    void aStaleVersionIsRefusedAndChangesNothing() {
        Service s = service("web");
        store.write(tx -> tx.create(Table.SERVICES, s));
        Service v1 = store.view(tx -> tx.get(Table.SERVICES, s.id())).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        store.write(tx -> tx.update(Table.SERVICES, v1.withUpdateStatus(null)));
        long before = store.index();
        assertThatThrownBy(() -> store.write(tx -> tx.update(Table.SERVICES, v1)))
                .isInstanceOf(ShoalException.SequenceConflict.class).hasMessage("update out of sequence");
        assertThat(store.index()).isEqualTo(before);
        Service v2 = store.view(tx -> tx.get(Table.SERVICES, s.id())).orElseThrow();
        assertThat(v2.createdAt()).isEqualTo(v1.createdAt());
        assertThat(v2.updatedAt()).isAfter(v1.updatedAt());
    }

    @Test
    void aStaleVersionIsTheCallersAnswerAndTheTransactionIsNotRunAgain() {
        Service s = service("web");
        store.write(tx -> tx.create(Table.SERVICES, s));
        Service v1 = store.view(tx -> tx.get(Table.SERVICES, s.id())).orElseThrow();
        store.write(tx -> tx.update(Table.SERVICES, v1.withUpdateStatus(null)));
        int[] runs = {0};
        assertThatThrownBy(() -> store.write(tx -> {
            runs[0]++;
            tx.update(Table.SERVICES, v1);
        })).isInstanceOf(ShoalException.SequenceConflict.class);
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void aTransactionRefusedForAStaleReadRunsAgainButNotForEver() {
        MemoryStore refusing = new MemoryStore(clock);
        int[] proposals = {0};
        refusing.setProposer(proposal -> {
            proposals[0]++;
            throw new ShoalException.SequenceConflict("update out of sequence");
        });
        int[] runs = {0};
        assertThatThrownBy(() -> refusing.write(tx -> {
            runs[0]++;
            tx.create(Table.SERVICES, service("web"));
        })).isInstanceOf(ShoalException.SequenceConflict.class);
        assertThat(runs[0]).isEqualTo(MemoryStore.MAX_STALE_ATTEMPTS);
        assertThat(proposals[0]).isEqualTo(MemoryStore.MAX_STALE_ATTEMPTS);
        assertThat(refusing.<List<Service>>view(tx -> tx.all(Table.SERVICES))).isEmpty();
    }

    @Test
    void namesAreUniqueCaseInsensitively() {
        store.write(tx -> tx.create(Table.SERVICES, service("web")));
        assertThatThrownBy(() -> store.write(tx -> tx.create(Table.SERVICES, service("Web"))))
                .isInstanceOf(ShoalException.Conflict.class).hasMessageContaining("already exists");
    }

    @Test
    void aFailingTransactionChangesNothing() {
        Service s = service("web");
        assertThatThrownBy(() -> store.write(tx -> {
            tx.create(Table.SERVICES, s);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.<List<Service>>view(tx -> tx.all(Table.SERVICES))).isEmpty();
    }

    @Test
    void transactionsSeeTheirOwnWritesAndTheTaskIndexes() {
        Service s = service("web");
        store.write(tx -> {
            tx.create(Table.SERVICES, s);
            tx.create(Table.TASKS, task(s, 1));
            tx.create(Table.TASKS, task(s, 2).withNodeId("n1"));
            assertThat(tx.tasksOfService(s.id())).hasSize(2);
            assertThat(tx.tasksOnNode("n1")).hasSize(1);
        });
        assertThat(store.<List<Task>>view(tx -> tx.tasksOfService(s.id()))).hasSize(2);
        assertThat(store.<List<Task>>view(tx -> tx.tasksOnNode("n1"))).hasSize(1);
        Task t = store.view(tx -> tx.tasksOnNode("n1")).get(0);
        store.write(tx -> tx.update(Table.TASKS, t.withNodeId("n2")));
        assertThat(store.<List<Task>>view(tx -> tx.tasksOnNode("n1"))).isEmpty();
        assertThat(store.<List<Task>>view(tx -> tx.tasksOnNode("n2"))).hasSize(1);
        store.write(tx -> tx.delete(Table.TASKS, t.id()));
        assertThat(store.<List<Task>>view(tx -> tx.tasksOfService(s.id()))).hasSize(1);
    }

    @Test
    void watchersSeeEveryChangeThenTheCommit() throws Exception {
        var snap = store.viewAndWatch(tx -> tx.all(Table.SERVICES));
        assertThat(snap.value()).isEmpty();
        Service s = service("web");
        store.write(tx -> tx.create(Table.SERVICES, s));
        try (Watch w = snap.watch()) {
            assertThat(w.take()).isInstanceOf(StoreEvent.Created.class);
            assertThat(w.take()).isEqualTo(new StoreEvent.Commit(store.index()));
        }
    }

    @Test
    void aBatchSplitsIntoBoundedTransactionsAndIsolatesFailures() {
        Service s = service("web");
        store.write(tx -> tx.create(Table.SERVICES, s));
        long before = store.index();
        List<Consumer<Tx>> writes = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            long slot = i;
            writes.add(tx -> tx.create(Table.TASKS, task(s, slot)));
        }
        writes.add(tx -> {
            tx.create(Table.TASKS, task(s, 999));
            throw new ShoalException.InvalidArgument("bad");
        });
        List<RuntimeException> errors = new ArrayList<>();
        store.batch(writes, errors::add);
        assertThat(errors).hasSize(1);
        List<Task> tasks = store.view(tx -> tx.tasksOfService(s.id()));
        assertThat(tasks).hasSize(450);
        assertThat(store.index() - before).isEqualTo(3); // 200 + 200 + 50
    }

    @Test
    void aSnapshotRestoresEverything() throws Exception {
        Service s = service("web");
        store.write(tx -> {
            tx.create(Table.SERVICES, s);
            tx.create(Table.TASKS, task(s, 1).withNodeId("n1"));
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.snapshot().writeTo(out);
        MemoryStore other = MemoryStore.local(clock);
        other.restore(StoreSnapshot.readFrom(new ByteArrayInputStream(out.toByteArray())));
        assertThat(other.index()).isEqualTo(store.index());
        boolean found = other.view(tx -> tx.byName(Table.SERVICES, "web").isPresent());
        assertThat(found).isTrue();
        List<Task> onNode = other.view(tx -> tx.tasksOnNode("n1"));
        assertThat(onNode).hasSize(1);
        List<Task> restored = other.view(tx -> tx.all(Table.TASKS));
        List<Task> original = store.view(tx -> tx.all(Table.TASKS));
        assertThat(restored).containsExactlyInAnyOrderElementsOf(original);
    }
}
