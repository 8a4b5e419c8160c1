package io.shoal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Service;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.time.FakeClock;
import io.shoal.store.StoreAction.Guard;
import io.shoal.store.StoreAction.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions built on writes still on their way: a proposer that holds each proposal until the
 * test commits it (in log order, as Raft would), so every interleaving here is deterministic.
 */
class MemoryStorePipeliningTest {
    private static final long WAIT_SECONDS = 30;

    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = new MemoryStore(clock);
    private final HoldingProposer raft = new HoldingProposer();
    private final ExecutorService writers = Executors.newCachedThreadPool();
    private long logIndex = 1;

    MemoryStorePipeliningTest() {
        store.setProposer(raft);
    }

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    /** Hands each proposal to the test instead of committing it. */
    static final class HoldingProposer implements Proposer {
        record Held(Proposal proposal, CompletableFuture<Void> result) {}

        final BlockingQueue<Held> held = new LinkedBlockingQueue<>();

        @Override
        public void propose(Proposal proposal) {
            throw new UnsupportedOperationException("only submit");
        }

        @Override
        public CompletableFuture<Void> submit(Proposal proposal) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(new Held(proposal, f));
            return f;
        }

        Held next() throws InterruptedException {
            Held h = held.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(h).as("a proposal was submitted").isNotNull();
            return h;
        }
    }

    /** Commits a held proposal at the next log index, and answers its writer as Raft would. */
    private boolean commit(HoldingProposer.Held h) {
        boolean applied = store.apply(logIndex++, h.proposal());
        if (applied) {
            h.result().complete(null);
        } else {
            h.result().completeExceptionally(new ShoalException.SequenceConflict("update out of sequence"));
        }
        return applied;
    }

    private CompletableFuture<Void> write(Consumer<Tx> fn) {
        return CompletableFuture.runAsync(() -> store.write(fn), writers);
    }

    private static void done(CompletableFuture<?> f) throws Exception {
        f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void aTransactionSeesTheWritesOnTheirWayAndCommitsRightAfterThem() throws Exception {
        Service web = MemoryStoreTest.service("web");
        CompletableFuture<Void> first = write(tx -> tx.create(Table.SERVICES, web));
        HoldingProposer.Held h1 = raft.next();

        List<Object> seen = new ArrayList<>();
        CompletableFuture<Void> second = write(tx -> {
            Service s = tx.get(Table.SERVICES, web.id()).orElseThrow();
            seen.add(tx.byName(Table.SERVICES, "WEB").map(Service::id));
            tx.update(Table.SERVICES, s.withUpdateStatus(null));
            tx.create(Table.TASKS, MemoryStoreTest.task(s, 1).withNodeId("n1"));
            seen.add(tx.tasksOfService(web.id()).size());
            seen.add(tx.all(Table.SERVICES).size());
        });
        HoldingProposer.Held h2 = raft.next();

        assertThat(seen).containsExactly(Optional.of(web.id()), 1, 1);
        assertThat(h2.proposal().guard().after()).isEqualTo(h1.proposal().guard().id());
        // Readers outside transactions see only what committed.
        assertThat(store.<Optional<Service>>view(tx -> tx.get(Table.SERVICES, web.id()))).isEmpty();
        assertThat(first).isNotDone();

        assertThat(commit(h1)).isTrue();
        done(first);
        assertThat(second).isNotDone();
        assertThat(commit(h2)).isTrue();
        done(second);
        Service stored = store.view(tx -> tx.get(Table.SERVICES, web.id())).orElseThrow();
        assertThat(stored.version().index()).isEqualTo(2);
        assertThat(stored.createdAt()).isEqualTo(clock.instant());
        assertThat(store.<List<Task>>view(tx -> tx.tasksOnNode("n1"))).hasSize(1);
    }

    private static Service labelled(Service s, String x) {
        return s.withSpec(s.spec().withLabels(Map.of("x", x)), s.previousSpec(), s.specVersion(),
                s.previousSpecVersion());
    }

    @Test
    void aWriteHoldingTheCommittedVersionOfAnObjectWithAChangeInFlightIsRefused() throws Exception {
        Service web = MemoryStoreTest.service("web");
        CompletableFuture<Void> created = write(tx -> tx.create(Table.SERVICES, web));
        assertThat(commit(raft.next())).isTrue();
        done(created);
        Service committed = store.view(tx -> tx.get(Table.SERVICES, web.id())).orElseThrow();

        // One loop changes the service; the change is on its way through Raft.
        CompletableFuture<Void> first = write(tx -> tx.update(Table.SERVICES,
                labelled(tx.get(Table.SERVICES, web.id()).orElseThrow(), "a")));
        HoldingProposer.Held h1 = raft.next();

        // Another still holds the service as committed: its write would undo the first one.
        Throwable refused = failure(write(tx -> tx.update(Table.SERVICES, labelled(committed, "b"))));
        assertThat(refused).isInstanceOf(ShoalException.SequenceConflict.class);

        // Read within the transaction, the object in flight can be written on.
        CompletableFuture<Void> third = write(tx -> {
            Service seen = tx.get(Table.SERVICES, web.id()).orElseThrow();
            tx.update(Table.SERVICES, labelled(seen, seen.spec().labels().get("x") + "c"));
        });
        HoldingProposer.Held h3 = raft.next();
        assertThat(commit(h1)).isTrue();
        assertThat(commit(h3)).isTrue();
        done(first);
        done(third);
        Service stored = store.view(tx -> tx.get(Table.SERVICES, web.id())).orElseThrow();
        assertThat(stored.spec().labels()).containsEntry("x", "ac");
        assertThat(stored.version().index()).isEqualTo(3);
    }

    @Test
    void whenAWriteDoesNotLandNothingBuiltOnItDoesAndBothRunAgainOnTheNewerState() throws Exception {
        Service a = MemoryStoreTest.service("a");
        Service b = MemoryStoreTest.service("b");
        CompletableFuture<Void> first = write(tx -> tx.create(Table.SERVICES, a));
        HoldingProposer.Held h1 = raft.next();
        CompletableFuture<Void> second = write(tx -> tx.create(Table.SERVICES, b));
        HoldingProposer.Held h2 = raft.next();
        assertThat(h2.proposal().guard().after()).isEqualTo(h1.proposal().guard().id());

        // An entry of an earlier leader lands first: the store is no longer what the first write read,
        // and the second was built on the first.
        Service other = MemoryStoreTest.service("other");
        store.apply(logIndex++, new Proposal(clock.instant(),
                List.of(new StoreAction(StoreAction.Kind.CREATE, Table.SERVICES, other.id(), other))));
        assertThat(commit(h1)).isFalse();
        assertThat(commit(h2)).isFalse();

        // Nothing of either landed, so each runs again on the store as it is now, and lands.
        HoldingProposer.Held again1 = raft.next();
        HoldingProposer.Held again2 = raft.next();
        assertThat(again1.proposal().guard().after().isNone()).isTrue();
        assertThat(again1.proposal().guard().readIndex()).isEqualTo(store.index());
        assertThat(commit(again1)).isTrue();
        assertThat(commit(again2)).isTrue();
        done(first);
        done(second);
        assertThat(store.<List<Service>>view(tx -> tx.all(Table.SERVICES))).extracting(Service::name)
                .containsExactlyInAnyOrder("other", "a", "b");
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownIsNotBuiltOnButItsSuccessorsStillGetTheirRealOutcome() throws Exception {
        Service a = MemoryStoreTest.service("a");
        Service b = MemoryStoreTest.service("b");
        CompletableFuture<Void> first = write(tx -> tx.create(Table.SERVICES, a));
        HoldingProposer.Held h1 = raft.next();
        CompletableFuture<Void> second = write(tx -> tx.create(Table.SERVICES, b));
        HoldingProposer.Held h2 = raft.next();

        // Raft gives up on the first (a timeout): it may still commit.
        h1.result().completeExceptionally(new ShoalException.Unavailable("no leader"));
        assertThat(failure(first)).isInstanceOf(ShoalException.Unavailable.class);

        CompletableFuture<Boolean> sawAnything = new CompletableFuture<>();
        CompletableFuture<Void> third = write(tx -> {
            sawAnything.complete(tx.get(Table.SERVICES, a.id()).isPresent() || tx.get(Table.SERVICES, b.id())
                    .isPresent());
            tx.create(Table.SERVICES, MemoryStoreTest.service("c"));
        });
        HoldingProposer.Held h3 = raft.next();
        assertThat(sawAnything.get(WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        assertThat(h3.proposal().guard().after().isNone()).isTrue();

        // It did commit after all, and so does the write built on it; the third read a store that
        // moved, so it is refused and runs again on what is there now.
        assertThat(commit(h1)).isTrue();
        assertThat(commit(h2)).isTrue();
        done(second);
        assertThat(commit(h3)).isFalse();
        HoldingProposer.Held again = raft.next();
        assertThat(again.proposal().guard().readIndex()).isEqualTo(store.index());
        assertThat(commit(again)).isTrue();
        done(third);
        assertThat(store.<List<Service>>view(tx -> tx.all(Table.SERVICES))).extracting(Service::name)
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aTransactionThatOnlyReadWritesOnTheirWayReturnsOnceTheyLanded() throws Exception {
        Service a = MemoryStoreTest.service("a");
        CompletableFuture<Void> first = write(tx -> tx.create(Table.SERVICES, a));
        HoldingProposer.Held h1 = raft.next();
        CountDownLatch read = new CountDownLatch(1);
        CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> store.update(tx -> {
            boolean present = tx.get(Table.SERVICES, a.id()).isPresent();
            read.countDown();
            return present;
        }), writers);
        assertThat(read.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(reader).as("it must not return what may never commit").isNotDone();
        commit(h1);
        done(first);
        assertThat(reader.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(raft.held).as("nothing to propose for a read").isEmpty();
    }

    @Test
    void aLargeBatchKeepsProposingWhileItsFirstTransactionsAreOnTheirWay() throws Exception {
        Service s = MemoryStoreTest.service("web");
        List<Consumer<Tx>> creates = new ArrayList<>();
        creates.add(tx -> tx.create(Table.SERVICES, s));
        for (int i = 0; i < 449; i++) {
            long slot = i;
            creates.add(tx -> tx.create(Table.TASKS, MemoryStoreTest.task(tx.get(Table.SERVICES, s.id())
                    .orElseThrow(), slot)));
        }
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> store.batch(creates, e -> {
            throw e;
        }), writers);
        HoldingProposer.Held h1 = raft.next();
        HoldingProposer.Held h2 = raft.next();
        HoldingProposer.Held h3 = raft.next();
        assertThat(List.of(h1, h2, h3)).extracting(h -> h.proposal().actions().size()).containsExactly(200, 200, 50);
        assertThat(h2.proposal().guard().after()).isEqualTo(h1.proposal().guard().id());
        assertThat(h3.proposal().guard().after()).isEqualTo(h2.proposal().guard().id());
        assertThat(batch).isNotDone();
        commit(h1);
        commit(h2);
        assertThat(batch).isNotDone();
        commit(h3);
        done(batch);
        assertThat(store.<List<Task>>view(tx -> tx.tasksOfService(s.id()))).hasSize(449);
    }

    @Test
    void uniqueNamesHoldAcrossWritesOnTheirWay() throws Exception {
        Service web = MemoryStoreTest.service("web");
        CompletableFuture<Void> first = write(tx -> tx.create(Table.SERVICES, web));
        HoldingProposer.Held h1 = raft.next();
        assertThat(failure(write(tx -> tx.create(Table.SERVICES, MemoryStoreTest.service("WEB")))))
                .isInstanceOf(ShoalException.Conflict.class).hasMessageContaining("already exists");
        // A rename on its way frees the old name for the next transaction.
        CompletableFuture<Void> rename = write(tx -> {
            Service s = tx.get(Table.SERVICES, web.id()).orElseThrow();
            tx.update(Table.SERVICES, s.withSpec(s.spec().withName("api"), null, null, null));
        });
        HoldingProposer.Held h2 = raft.next();
        CompletableFuture<Void> reuse = write(tx -> tx.create(Table.SERVICES, MemoryStoreTest.service("web")));
        HoldingProposer.Held h3 = raft.next();
        for (HoldingProposer.Held h : List.of(h1, h2, h3)) {
            assertThat(commit(h)).isTrue();
        }
        done(first);
        done(rename);
        done(reuse);
        assertThat(store.<List<Service>>view(tx -> tx.all(Table.SERVICES))).extracting(Service::name)
                .containsExactlyInAnyOrder("api", "web");
        assertThat(h3.proposal().guard()).isNotEqualTo(Guard.NONE);
    }

    @Test
    void batchAsyncReturnsOnceItsTransactionsAreOnTheirWayAndCompletesWhenAllApplied() throws Exception {
        Service web = MemoryStoreTest.service("web");
        List<Consumer<Tx>> writes = new ArrayList<>();
        writes.add(tx -> tx.create(Table.SERVICES, web));
        for (int i = 1; i <= MemoryStore.MAX_CHANGES_PER_TRANSACTION; i++) {
            int slot = i;
            writes.add(tx -> tx.create(Table.TASKS, MemoryStoreTest.task(web, slot)));
        }
        CompletableFuture<Void> all = store.batchAsync(writes, e -> { });
        // returned on this thread without a commit: two transactions are on their way
        HoldingProposer.Held h1 = raft.next();
        HoldingProposer.Held h2 = raft.next();
        assertThat(h1.proposal().actions()).hasSize(MemoryStore.MAX_CHANGES_PER_TRANSACTION);
        assertThat(h2.proposal().actions()).hasSize(1);
        assertThat(all).isNotDone();
        // a later write reads them while they are in flight
        CompletableFuture<Void> later = write(tx -> {
            assertThat(tx.tasksOfService(web.id())).hasSize(MemoryStore.MAX_CHANGES_PER_TRANSACTION);
            tx.update(Table.SERVICES, tx.get(Table.SERVICES, web.id()).orElseThrow().withUpdateStatus(null));
        });
        HoldingProposer.Held h3 = raft.next();

        assertThat(commit(h1)).isTrue();
        assertThat(all).isNotDone();
        assertThat(commit(h2)).isTrue();
        done(all);
        assertThat(commit(h3)).isTrue();
        done(later);
        assertThat(store.objectCount()).isEqualTo(MemoryStore.MAX_CHANGES_PER_TRANSACTION + 1);
    }
}
