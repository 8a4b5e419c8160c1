package io.shoal.manager.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Node;
import io.shoal.api.NodeState;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StoreLoopTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);

    /** Records what the loop did, from whichever thread it ran on. */
    private static final class Recorder implements StoreLoop.Handler {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final LinkedBlockingQueue<String> reconciles = new LinkedBlockingQueue<>();
        int initialNodes = -1;
        int failuresLeft;

        @Override
        public void init(ReadTx snapshot) {
            initialNodes = snapshot.all(Table.NODES).size();
            log.add("init");
        }

        @Override
        public void onChange(StoreEvent change) {
            log.add("change " + change.getClass().getSimpleName());
        }

        @Override
        public void reconcile() {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("store unavailable");
            }
            log.add("reconcile");
            reconciles.add(Thread.currentThread().getName());
        }

        @Override
        public void resync() {
            log.add("resync");
        }
    }

    private static Node node(String id) {
        return NodeBuilder.node(id).build();
    }

    @Test
    void steppedLoopSeesTheSnapshotThenEachChangeThenReconciles() {
        store.write(tx -> tx.create(Table.NODES, node("n1")));
        StoreLoop loop = new StoreLoop("test", store, clock);
        Recorder r = new Recorder();
        loop.setHandler(r);
        loop.attach();
        assertThat(r.initialNodes).isEqualTo(1);
        assertThat(r.log).containsExactly("init", "reconcile");

        store.write(tx -> {
            tx.create(Table.NODES, node("n2"));
            tx.create(Table.NODES, node("n3"));
        });
        assertThat(loop.runPending()).isTrue();
        assertThat(r.log).containsExactly("init", "reconcile", "change Created", "change Created", "reconcile");
        assertThat(loop.runPending()).isFalse();
    }

    @Test
    void runsOnItsOwnThreadAndStopsAndStartsAgain() throws Exception {
        StoreLoop loop = new StoreLoop("test-loop", store, clock);
        Recorder r = new Recorder();
        loop.setHandler(r);
        loop.start();
        loop.start(); // idempotent
        assertThat(r.reconciles.poll(10, TimeUnit.SECONDS)).isEqualTo("test-loop");
        store.write(tx -> tx.create(Table.NODES, node("n1")));
        assertThat(r.reconciles.poll(10, TimeUnit.SECONDS)).isEqualTo("test-loop");

        loop.stop();
        loop.stop();
        assertThat(loop.isRunning()).isFalse();
        store.write(tx -> tx.create(Table.NODES, node("n2")));

        loop.start(); // as after regaining leadership: reads everything again
        assertThat(r.reconciles.poll(10, TimeUnit.SECONDS)).isEqualTo("test-loop");
        assertThat(r.initialNodes).isEqualTo(2);
        loop.stop();
    }

    @Test
    void timersRunOnTheLoopAndTriggerAReconcile() throws Exception {
        StoreLoop loop = new StoreLoop("timer-loop", store, clock);
        Recorder r = new Recorder();
        loop.setHandler(r);
        loop.start();
        assertThat(r.reconciles.poll(10, TimeUnit.SECONDS)).isNotNull();
        LinkedBlockingQueue<String> ran = new LinkedBlockingQueue<>();
        loop.schedule(Duration.ofSeconds(5), () -> ran.add(Thread.currentThread().getName()));
        clock.advance(Duration.ofSeconds(5));
        assertThat(ran.poll(10, TimeUnit.SECONDS)).isEqualTo("timer-loop");
        assertThat(r.reconciles.poll(10, TimeUnit.SECONDS)).isNotNull();
        loop.stop();
    }

    @Test
    void aFailedReconcileResyncsAndIsRetriedASecondLater() {
        StoreLoop loop = new StoreLoop("test", store, clock);
        Recorder r = new Recorder();
        r.failuresLeft = 1;
        loop.setHandler(r);
        loop.attach();
        assertThat(r.log).containsExactly("init", "resync");
        clock.advance(Duration.ofMillis(999));
        loop.runPending();
        assertThat(r.log).containsExactly("init", "resync");
        clock.advance(Duration.ofMillis(1));
        loop.runPending();
        assertThat(r.log).containsExactly("init", "resync", "reconcile");
    }

    @Test
    void timersOfAStoppedRunAreDropped() {
        StoreLoop loop = new StoreLoop("test", store, clock);
        Recorder r = new Recorder();
        loop.setHandler(r);
        loop.attach();
        List<String> ran = new ArrayList<>();
        loop.schedule(Duration.ofSeconds(1), () -> ran.add("old"));
        loop.stop();
        loop.attach();
        clock.advance(Duration.ofSeconds(1));
        loop.runPending();
        assertThat(ran).isEmpty();
    }

    @Test
    void debounceDefersUntilQuietButNotPastTheCap() {
        store.write(tx -> tx.create(Table.NODES, node("n1")));
        StoreLoop loop = new StoreLoop("test", store, clock, Duration.ofMillis(100), Duration.ofMillis(250));
        Recorder r = new Recorder();
        loop.setHandler(r);
        loop.attach();
        r.log.clear();
        for (int i = 0; i < 3; i++) { // commits at 0, 90 and 180 ms
            if (i > 0) {
                clock.advance(Duration.ofMillis(90));
            }
            store.write(tx -> tx.update(Table.NODES, tx.get(Table.NODES, "n1").orElseThrow()
                    .withStatus(new Node.NodeStatus(NodeState.READY, null, null))));
            loop.runPending();
        }
        clock.advance(Duration.ofMillis(60)); // 240 ms: still within 100 ms of the last commit
        loop.runPending();
        assertThat(r.log).doesNotContain("reconcile");
        clock.advance(Duration.ofMillis(10)); // 250 ms: the cap
        loop.runPending();
        assertThat(loop.debounceDeadline()).isNull();
        assertThat(r.log).endsWith("reconcile");
    }
}
