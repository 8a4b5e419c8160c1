package io.shoal.store.raft;

import static io.shoal.store.raft.RaftFixtures.service;
import static io.shoal.store.raft.RaftFixtures.singleNode;
import static io.shoal.store.raft.RaftFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreAction;
import io.shoal.store.StoreEvent;
import io.shoal.store.StoreFixtures;
import io.shoal.store.StoreSnapshot;
import io.shoal.store.Table;
import io.shoal.store.Watch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-member groups on real Ratis, over loopback, in temporary directories. */
class RaftNodeTest {
    private final FakeClock clock = new FakeClock();

    @TempDir
    Path dir;

    @Test
    void aRestartFromTheSameDirectoryRestoresEveryObjectAndTheIndexKeepsIncreasing() throws IOException {
        RaftConfig config = singleNode(dir, "m1").withSnapshotInterval(0); // no snapshot: a pure log replay
        MemoryStore store = new MemoryStore(clock);
        Map<String, StoreObject> before;
        long indexBefore;
        try (RaftNode node = RaftNode.start(config, store)) {
            assertThat(node.isLeader()).isTrue();
            assertThat(node.leaderId()).contains("m1");
            assertThat(node.members()).containsExactly(config.self());
            List<Service> services = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Service s = service("web-" + i);
                services.add(s);
                store.write(tx -> {
                    tx.create(Table.SERVICES, s);
                    tx.create(Table.TASKS, task(s, 1));
                });
            }
            Service first = store.view(tx -> tx.get(Table.SERVICES, services.get(0).id())).orElseThrow();
            store.write(tx -> tx.update(Table.SERVICES, first.withUpdateStatus(null)));
            store.write(tx -> tx.delete(Table.SERVICES, services.get(1).id()));
            before = everything(store);
            indexBefore = store.index();
            assertThat(node.appliedIndex()).isGreaterThanOrEqualTo(indexBefore);
        }

        MemoryStore again = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(config, again)) {
            assertThat(node.isLeader()).isTrue();
            assertThat(again.index()).isEqualTo(indexBefore);
            assertThat(everything(again)).isEqualTo(before).hasSize(20 + 20 - 1);
            Service late = service("late");
            again.write(tx -> tx.create(Table.SERVICES, late));
            Service stored = again.view(tx -> tx.get(Table.SERVICES, late.id())).orElseThrow();
            assertThat(stored.version().index()).isGreaterThan(indexBefore).isEqualTo(again.index());
        }
    }

    @Test
    void whatTheLeaderAppliedAsWrittenIsWhatARestartDecodes() throws IOException {
        RaftConfig config = singleNode(dir, "m1").withSnapshotInterval(0);
        MemoryStore store = new MemoryStore(clock);
        Map<String, StoreObject> before;
        try (RaftNode node = RaftNode.start(config, store)) {
            for (int seed = 0; seed < 3; seed++) {
                List<StoreObject> objects = StoreFixtures.oneOfEachTable(seed);
                store.write(tx -> objects.forEach(o -> create(tx, o)));
            }
            before = everything(store);
            assertThat(((StoreStateMachine) node.division().getStateMachine()).entriesAppliedAsWritten())
                    .isEqualTo(3);
        }
        MemoryStore again = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(config, again)) {
            assertThat(((StoreStateMachine) node.division().getStateMachine()).entriesDecoded()).isEqualTo(3);
            assertThat(everything(again)).isEqualTo(before).hasSize(12);
        }
    }

    @Test
    void aDataDirectoryOfAnotherStoreFormatIsRefused() throws IOException {
        // What the first builds left: Raft state, no format marker.
        Path group = Files.createDirectories(RaftNode.raftDir(dir).resolve("2d6a28a4-5b73-34e7-b849-4178b0a3aa2d"));
        Files.writeString(group.resolve("placeholder"), "x");
        assertThatThrownBy(() -> RaftNode.start(singleNode(dir, "m1"), new MemoryStore(clock)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("written by an earlier Shoal build (JSON store format 1)")
                .hasMessageContaining("remove the directory");
        Files.writeString(RaftNode.raftDir(dir).resolve(StoreFormat.MARKER), "7\n");
        assertThatThrownBy(() -> RaftNode.start(singleNode(dir, "m1"), new MemoryStore(clock)))
                .isInstanceOf(IOException.class).hasMessageContaining("store format 7");
    }

    @Test
    void aNewDataDirectoryIsMarkedWithTheFormat() throws IOException {
        try (RaftNode node = RaftNode.start(singleNode(dir, "m1"), new MemoryStore(clock))) {
            assertThat(node.isLeader()).isTrue();
        }
        assertThat(Files.readString(RaftNode.raftDir(dir).resolve(StoreFormat.MARKER)).strip())
                .isEqualTo(StoreFormat.CURRENT);
        try (RaftNode node = RaftNode.start(singleNode(dir, "m1"), new MemoryStore(clock))) {
            assertThat(node.isLeader()).isTrue(); // its own format: accepted
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends StoreObject> void create(io.shoal.store.Tx tx, StoreObject o) {
        Table<T> table = (Table<T>) Table.ALL.stream().filter(t -> t.type().isInstance(o)).findFirst().orElseThrow();
        tx.create(table, (T) o);
    }

    @Test
    void aSnapshotIsTakenEveryIntervalTheLogIsPurgedAndARestartUsesBoth() throws IOException {
        RaftConfig config = singleNode(dir, "m1").withSnapshotInterval(100).withLogSegmentSize(64 << 10);
        MemoryStore store = new MemoryStore(clock);
        Map<String, StoreObject> before;
        try (RaftNode node = RaftNode.start(config, store)) {
            assertThat(node.isLeader()).isTrue();
            for (int i = 0; i < 350; i++) {
                Service s = service("svc-" + i);
                store.write(tx -> tx.create(Table.SERVICES, s));
            }
            before = everything(store);
        }
        Path group = onlyGroupDir();
        List<String> snapshots = fileNames(group.resolve("sm"));
        assertThat(snapshots).filteredOn(n -> n.matches("snapshot\\.\\d+_\\d+"))
                .isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(snapshots).filteredOn(n -> n.endsWith(".md5")).isNotEmpty();
        // The snapshot is the store's own binary form, readable on its own.
        String newest = snapshots.stream().filter(n -> n.matches("snapshot\\.\\d+_\\d+")).reduce((a, b) -> b)
                .orElseThrow();
        StoreSnapshot snap;
        try (InputStream in = Files.newInputStream(group.resolve("sm").resolve(newest))) {
            snap = StoreSnapshot.readFrom(in);
        }
        assertThat(snap.index()).isPositive();
        assertThat(snap.tables().get("services")).isNotEmpty();
        List<String> segments = fileNames(group.resolve("current")).stream().filter(n -> n.startsWith("log_")).toList();
        assertThat(segments).as("the segments before the snapshot are purged").isNotEmpty()
                .noneMatch(n -> n.startsWith("log_0-"));

        MemoryStore again = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(config, again)) {
            assertThat(node.appliedIndex()).isGreaterThanOrEqualTo(store.index());
            assertThat(everything(again)).isEqualTo(before).hasSize(350);
            assertThat(again.index()).isEqualTo(store.index());
        }
    }

    @Test
    void aSnapshotIsAlsoTakenOnceTheChangesSinceTheLastOneOutnumberTheObjects() throws IOException {
        // Far fewer entries than the interval, but each holds many changes: the replay would be long.
        RaftConfig config = singleNode(dir, "m1").withSnapshotInterval(10_000);
        SnapshotPolicy policy = new SnapshotPolicy(config.snapshotInterval(), 500, 2);
        MemoryStore store = new MemoryStore(clock);
        Service s = service("web");
        try (RaftNode node = RaftNode.start(config, store, policy)) {
            store.write(tx -> tx.create(Table.SERVICES, s));
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tasks.add(task(s, i));
            }
            store.write(tx -> tasks.forEach(t -> tx.create(Table.TASKS, t))); // 101 objects, 101 changes
            for (int round = 0; round < 3; round++) { // +300 changes: 401
                store.write(tx -> tx.tasksOfService(s.id()).forEach(t -> tx.update(Table.TASKS, t.withNodeId("n"))));
            }
            // Past RatisSettings.SNAPSHOT_CHECK_ENTRIES Ratis asks after every entry: 471 changes are not enough.
            for (int i = 0; i < 70; i++) {
                Service small = service("small-" + i);
                store.write(tx -> tx.create(Table.SERVICES, small));
            }
            assertThat(snapshotFiles()).isEmpty();
            // 571 changes, more than twice the 171 objects: due.
            store.write(tx -> tx.tasksOfService(s.id()).forEach(t -> tx.update(Table.TASKS, t.withNodeId("m"))));
        }
        assertThat(snapshotFiles()).hasSize(1);
    }

    @Test
    void snapshotsLandingWhileEntriesApplyLeaveTheMemberLeading() throws IOException {
        // Ratis asks for a snapshot after every applied entry; with the storage's own bookkeeping the
        // first snapshot landing during such a question could throw on the apply thread and stop the
        // member. Many small snapshots under a stream of pipelined writes give that race its chances.
        RaftConfig config = singleNode(dir, "m1").withSnapshotInterval(20);
        MemoryStore store = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(config, store)) {
            List<java.util.concurrent.CompletableFuture<Void>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                Service s = service("svc-" + i);
                inFlight.add(store.batchAsync(List.of(tx -> tx.create(Table.SERVICES, s)), e -> { throw e; }));
            }
            inFlight.forEach(java.util.concurrent.CompletableFuture::join);
            assertThat(node.isLeader()).isTrue();
            assertThat(store.<List<Service>>view(tx -> tx.all(Table.SERVICES))).hasSize(3000);
        }
        assertThat(snapshotFiles()).isNotEmpty();
    }

    private List<String> snapshotFiles() throws IOException {
        try (Stream<Path> groups = Files.list(RaftNode.raftDir(dir))) {
            List<Path> sm = groups.filter(Files::isDirectory).map(g -> g.resolve("sm")).filter(Files::isDirectory)
                    .toList();
            List<String> out = new ArrayList<>();
            for (Path d : sm) {
                fileNames(d).stream().filter(n -> n.matches("snapshot\\.\\d+_\\d+")).forEach(out::add);
            }
            return out;
        }
    }

    @Test
    void aProposalAfterCloseFailsWithDockersNoLeaderError() throws IOException {
        MemoryStore store = new MemoryStore(clock);
        RaftNode node = RaftNode.start(singleNode(dir, "m1"), store);
        store.write(tx -> tx.create(Table.SERVICES, service("web")));
        node.close();
        node.close(); // idempotent

        assertThat(node.isLeader()).isFalse();
        assertThatThrownBy(() -> store.write(tx -> tx.create(Table.SERVICES, service("api"))))
                .isInstanceOf(ShoalException.Unavailable.class)
                .hasMessage("The swarm does not have a leader. It's possible that too few managers are online."
                        + " Make sure more than half of the managers are online.");
        assertThat(store.<List<Service>>view(tx -> tx.all(Table.SERVICES))).extracting(Service::name)
                .containsExactly("web");
    }

    @Test
    void concurrentWritersAllCommitWithStrictlyIncreasingVersionsAndNothingLost() throws Exception {
        MemoryStore store = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(singleNode(dir, "m1"), store); Watch watch = store.watch()) {
            assertThat(node.isLeader()).isTrue();
            Service counter = service("counter");
            store.write(tx -> tx.create(Table.SERVICES, counter));
            int threads = 4;
            int perThread = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.write(tx -> {
                            Service s = tx.get(Table.SERVICES, counter.id()).orElseThrow();
                            tx.update(Table.SERVICES, withCount(s, count(s) + 1));
                            tx.create(Table.TASKS, task(s, count(s) + 1));
                        });
                    }
                }));
            }
            pool.shutdown();
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }

            Service last = store.view(tx -> tx.get(Table.SERVICES, counter.id())).orElseThrow();
            assertThat(count(last)).isEqualTo(threads * perThread);
            List<Task> tasks = store.view(tx -> tx.tasksOfService(counter.id()));
            assertThat(tasks).hasSize(threads * perThread);
            assertThat(tasks.stream().map(t -> t.version().index()).distinct()).hasSize(threads * perThread);

            List<Long> commits = watch.drain().stream()
                    .filter(e -> e instanceof StoreEvent.Commit)
                    .map(e -> ((StoreEvent.Commit) e).index())
                    .toList();
            assertThat(commits).hasSize(1 + threads * perThread);
            for (int i = 1; i < commits.size(); i++) {
                assertThat(commits.get(i)).isGreaterThan(commits.get(i - 1));
            }
            assertThat(last.version().index()).isEqualTo(commits.getLast()).isEqualTo(store.index());
        }
    }

    @Test
    void aTransactionThatReadAnOlderStoreIsRefusedByEveryMember() throws Exception {
        MemoryStore store = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(singleNode(dir, "m1"), store)) {
            store.write(tx -> tx.create(Table.SERVICES, service("web")));
            long stale = store.index() - 1;
            Service late = service("late");
            StoreAction.Proposal proposal = proposalCreating(late);

            // The proposer refuses it before it reaches the log...
            assertThatThrownBy(() -> node.proposer().propose(proposal, stale))
                    .isInstanceOf(ShoalException.SequenceConflict.class).hasMessage("update out of sequence");

            // ...and an entry that reaches the log anyway is skipped when applied.
            RaftClientRequest request = RaftClientRequest.newBuilder()
                    .setClientId(ClientId.randomId())
                    .setServerId(node.division().getId())
                    .setGroupId(RaftNode.GROUP_ID)
                    .setCallId(1)
                    .setMessage(Message.valueOf(ProposalEnvelope.encode(
                            proposal.withGuard(StoreAction.Guard.readIndex(stale)))))
                    .setType(RaftClientRequest.writeRequestType())
                    .build();
            RaftClientReply reply = node.division().getRaftServer().submitClientRequestAsync(request)
                    .get(30, TimeUnit.SECONDS);
            assertThat(reply.isSuccess()).isTrue();
            assertThat(ApplyOutcome.of(reply.getMessage())).isEqualTo(ApplyOutcome.STALE);
            assertThat(store.<java.util.Optional<Service>>view(tx -> tx.get(Table.SERVICES, late.id()))).isEmpty();

            // An unconditional proposal (no read index) applies.
            node.proposer().propose(proposal.withGuard(StoreAction.Guard.NONE));
            assertThat(store.<java.util.Optional<Service>>view(tx -> tx.get(Table.SERVICES, late.id()))).isPresent();
        }
    }

    @Test
    void aTransactionLargerThanTheLimitIsRefused() throws IOException {
        MemoryStore store = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(singleNode(dir, "m1"), store)) {
            assertThat(node.isLeader()).isTrue();
            Service big = withLabel(service("big"), "blob", "x".repeat(RatisSettings.MAX_PROPOSAL_BYTES));
            assertThatThrownBy(() -> store.write(tx -> tx.create(Table.SERVICES, big)))
                    .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageContaining("too large");
            store.write(tx -> tx.create(Table.SERVICES, service("small")));
            assertThat(store.<List<Service>>view(tx -> tx.all(Table.SERVICES))).extracting(Service::name)
                    .containsExactly("small");
        }
    }

    @Test
    void leadershipListenersHearOfLeadershipAtOnceAndOfTheEndAtClose() throws Exception {
        MemoryStore store = new MemoryStore(clock);
        RaftNode node = RaftNode.start(singleNode(dir, "m1"), store);
        CompletableFuture<Void> became = new CompletableFuture<>();
        CompletableFuture<Void> lost = new CompletableFuture<>();
        node.addLeadershipListener(new LeadershipListener() {
            @Override
            public void becameLeader() {
                became.complete(null);
            }

            @Override
            public void lostLeadership() {
                if (!became.isDone()) {
                    lost.completeExceptionally(new AssertionError("lost before became"));
                }
                lost.complete(null);
            }
        });
        became.get(10, TimeUnit.SECONDS);
        assertThat(lost).isNotDone();
        node.close();
        lost.get(10, TimeUnit.SECONDS);
    }

    // ---- helpers -----------------------------------------------------------------------------

    static Map<String, StoreObject> everything(MemoryStore store) {
        Map<String, StoreObject> all = new HashMap<>();
        store.snapshot().forEachObject((table, o) -> all.put(table.name() + "/" + o.id(), o));
        return all;
    }

    private Path onlyGroupDir() throws IOException {
        try (Stream<Path> s = Files.list(RaftNode.raftDir(dir))) {
            List<Path> groups = s.filter(Files::isDirectory).toList();
            assertThat(groups).hasSize(1);
            return groups.get(0);
        }
    }

    private static List<String> fileNames(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private StoreAction.Proposal proposalCreating(Service s) {
        // Built through a local store so the actions are exactly what a transaction would propose.
        List<StoreAction.Proposal> captured = new ArrayList<>();
        MemoryStore scratch = new MemoryStore(clock);
        scratch.setProposer(captured::add);
        scratch.write(tx -> tx.create(Table.SERVICES, s));
        return captured.getFirst();
    }

    private static long count(Service s) {
        return Long.parseLong(s.spec().labels().getOrDefault("count", "0"));
    }

    private static Service withCount(Service s, long n) {
        return withLabel(s, "count", Long.toString(n));
    }

    private static Service withLabel(Service s, String key, String value) {
        Map<String, String> labels = new HashMap<>(s.spec().labels());
        labels.put(key, value);
        ServiceSpec spec = s.spec();
        ServiceSpec changed = new ServiceSpec(spec.name(), labels, spec.taskTemplate(), spec.mode(),
                spec.updateConfig(), spec.rollbackConfig(), spec.endpointSpec());
        return s.withSpec(changed, s.previousSpec(), s.specVersion(), s.previousSpecVersion());
    }
}
