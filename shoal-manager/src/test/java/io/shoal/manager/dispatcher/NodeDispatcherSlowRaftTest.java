package io.shoal.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Proposer;
import io.shoal.store.StoreAction.Proposal;
import io.shoal.store.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's thread never waits for Raft: while a batch of status writes is still on its way
 * (here held until the test lets it commit), heartbeats and new reports are answered.
 */
class NodeDispatcherSlowRaftTest {
    private static final Node.Description DESCRIPTION = new Node.Description("worker-1",
            new Node.Platform("x86_64", "linux"), new Node.Resources(4_000_000_000L, 8L << 30), null, null);

    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = new MemoryStore(clock);
    private final GatedRaft raft = new GatedRaft(store);
    /** A short call timeout: a loop stuck on the held commit would fail the heartbeat quickly. */
    private final NodeDispatcher dispatcher = new NodeDispatcher(store, clock, new DispatcherConfig(Duration.ZERO,
            3, 6, Duration.ofMillis(100), 10_000, Duration.ofMillis(100), 100, Duration.ofHours(24),
            Duration.ofSeconds(5)));

    NodeDispatcherSlowRaftTest() {
        store.setProposer(raft);
    }

    @AfterEach
    void stop() throws Exception {
        raft.releaseAll();
        dispatcher.stop();
    }

    /** Commits at once unless held; held proposals commit in order when released, as Raft would. */
    static final class GatedRaft implements Proposer {
        private final MemoryStore store;
        private long index = 1;
        private boolean holding;
        private final BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();

        GatedRaft(MemoryStore store) {
            this.store = store;
        }

        @Override
        public synchronized void propose(Proposal proposal) {
            if (holding) {
                throw new IllegalStateException("a synchronous commit while Raft is slow");
            }
            if (!store.apply(index++, proposal)) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
        }

        @Override
        public synchronized CompletableFuture<Void> submit(Proposal proposal) {
            if (!holding) {
                propose(proposal);
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(() -> {
                store.apply(index++, proposal);
                f.complete(null);
            });
            return f;
        }

        synchronized void hold() {
            holding = true;
        }

        Runnable nextHeld() throws InterruptedException {
            Runnable r = held.poll(30, TimeUnit.SECONDS);
            assertThat(r).as("a write reached Raft").isNotNull();
            return r;
        }

        synchronized void releaseAll() {
            holding = false;
            for (Runnable r = held.poll(); r != null; r = held.poll()) {
                r.run();
            }
        }
    }

    private Task createTask(String nodeId) {
        Task t = new Task(Ids.newId(), Version.ZERO, null, null, Map.of(),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                "svc", 1, nodeId, Task.TaskStatus.of(Instant.EPOCH, TaskState.ASSIGNED, "scheduled"), TaskState.RUNNING,
                null, null, new Version(1));
        store.write(tx -> tx.create(Table.TASKS, t));
        return t;
    }

    private TaskState stateOf(Task t) {
        return store.<Task>view(tx -> tx.get(Table.TASKS, t.id()).orElseThrow()).state();
    }

    @Test
    void heartbeatsAndReportsAreAnsweredWhileStatusWritesCommit() throws Exception {
        dispatcher.start();
        Dispatcher.Session s = dispatcher.openSession("n1", DESCRIPTION, "10.0.0.7", new RecordingListener());
        dispatcher.awaitIdle();
        Task t = createTask("n1");
        dispatcher.awaitIdle();

        raft.hold();
        dispatcher.updateTaskStatus("n1", s.sessionId(),
                List.of(new TaskStatusUpdate(t.id(), Task.TaskStatus.of(clock.instant(), TaskState.RUNNING, "started"))));
        clock.advance(Duration.ofMillis(100)); // the flush: its batch waits in Raft
        Runnable commit = raft.nextHeld();

        assertThat(dispatcher.heartbeat("n1", s.sessionId())).isPositive();
        dispatcher.updateTaskStatus("n1", s.sessionId(),
                List.of(new TaskStatusUpdate(t.id(), Task.TaskStatus.of(clock.instant(), TaskState.FAILED, "failed"))));
        assertThat(stateOf(t)).isEqualTo(TaskState.ASSIGNED);

        commit.run();
        assertThat(stateOf(t)).isEqualTo(TaskState.RUNNING);
        clock.advance(Duration.ofMillis(100)); // the second flush builds on the first
        raft.nextHeld().run();
        assertThat(stateOf(t)).isEqualTo(TaskState.FAILED);
    }
}
