package io.shoal.store.raft;

import static io.shoal.store.raft.RaftFixtures.freeLoopbackAddress;
import static io.shoal.store.raft.RaftFixtures.service;
import static io.shoal.store.raft.RaftNodeTest.everything;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.shoal.api.ShoalException;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreFixtures;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups of several members on 127.0.0.1, each with its own store and directory. */
class RaftGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final Map<String, RaftNode> nodes = new LinkedHashMap<>();
    private final Map<String, MemoryStore> stores = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() {
        nodes.values().forEach(RaftNode::close);
    }

    @Test
    void threeMembersElectOneLeaderAndTheFollowersApplyItsWrites() throws Exception {
        List<RaftPeer> peers = List.of(peer("m1"), peer("m2"), peer("m3"));
        CompletableFuture<String> leader = new CompletableFuture<>();
        for (RaftPeer p : peers) {
            start(config(p).withInitialPeers(peers)).addLeadershipListener(onBecomingLeader(leader, p.memberId()));
        }
        String leaderId = leader.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        RaftNode leaderNode = nodes.get(leaderId);
        MemoryStore leaderStore = stores.get(leaderId);
        assertThat(leaderNode.isLeader()).isTrue();
        assertThat(leaderNode.members()).containsExactlyElementsOf(peers);

        for (int i = 0; i < 10; i++) {
            int n = i;
            leaderStore.write(tx -> tx.create(Table.SERVICES, service("web-" + n)));
        }
        long index = leaderNode.appliedIndex();
        assertThat(leaderNode.caughtUp()).isTrue();
        for (String id : followersOf(leaderId)) {
            assertThat(nodes.get(id).awaitApplied(index, WAIT)).isTrue();
            // the leader's commit index reaches followers with its next append or heartbeat
            org.awaitility.Awaitility.await().atMost(WAIT).until(nodes.get(id)::caughtUp);
            assertThat(everything(stores.get(id))).isEqualTo(everything(leaderStore)).hasSize(10);
            assertThat(stores.get(id).index()).isEqualTo(leaderStore.index());
            assertThat(nodes.get(id).isLeader()).isFalse();
            assertThat(nodes.get(id).leaderId()).contains(leaderId);
            // Followers do not write (forwarding to the leader is a later step).
            assertThatThrownBy(() -> stores.get(id).write(tx -> tx.create(Table.SERVICES, service("nope"))))
                    .isInstanceOf(ShoalException.Unavailable.class)
                    .hasMessageStartingWith("The swarm does not have a leader.");
        }
    }

    @Test
    void theLeaderKeepsExactlyWhatItsFollowersDecode() throws Exception {
        List<RaftPeer> peers = List.of(peer("m1"), peer("m2"), peer("m3"));
        CompletableFuture<String> leader = new CompletableFuture<>();
        for (RaftPeer p : peers) {
            start(config(p).withInitialPeers(peers)).addLeadershipListener(onBecomingLeader(leader, p.memberId()));
        }
        String leaderId = leader.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        MemoryStore leaderStore = stores.get(leaderId);
        // Every table, every field, created then changed (a JSON tree built in code included).
        for (int seed = 0; seed < 3; seed++) {
            List<StoreObject> objects = StoreFixtures.oneOfEachTable(seed);
            leaderStore.write(tx -> objects.forEach(o -> create(tx, o)));
        }
        Task t = leaderStore.<List<Task>>view(tx -> tx.all(Table.TASKS)).getFirst();
        leaderStore.write(tx -> tx.update(Table.TASKS, t.withNetworksAttachments(
                List.of(JsonNodeFactory.instance.objectNode().put("Vlan", 5L).put("Ratio", 0.5f)))));
        leaderStore.write(tx -> tx.delete(Table.SERVICES, tx.all(Table.SERVICES).getFirst().id()));

        long index = nodes.get(leaderId).appliedIndex();
        StoreStateMachine leaderMachine = (StoreStateMachine) nodes.get(leaderId).division().getStateMachine();
        assertThat(leaderMachine.entriesAppliedAsWritten()).isGreaterThanOrEqualTo(5);
        assertThat(leaderMachine.entriesDecoded()).isZero();
        for (String id : followersOf(leaderId)) {
            assertThat(nodes.get(id).awaitApplied(index, WAIT)).isTrue();
            assertThat(((StoreStateMachine) nodes.get(id).division().getStateMachine()).entriesDecoded())
                    .isGreaterThanOrEqualTo(5);
            assertThat(everything(stores.get(id))).isEqualTo(everything(leaderStore)).hasSize(4 * 3 - 1);
        }
    }

    @Test
    void aMemberReseededFromItsReplicaLeadsANewGroupAloneWithEveryObject() throws Exception {
        List<RaftPeer> peers = List.of(peer("m1"), peer("m2"), peer("m3"));
        CompletableFuture<String> leader = new CompletableFuture<>();
        for (RaftPeer p : peers) {
            start(config(p).withInitialPeers(peers)).addLeadershipListener(onBecomingLeader(leader, p.memberId()));
        }
        String leaderId = leader.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            int n = i;
            stores.get(leaderId).write(tx -> tx.create(Table.SERVICES, service("web-" + n)));
        }
        String survivor = followersOf(leaderId).getFirst();
        assertThat(nodes.get(survivor).awaitApplied(nodes.get(leaderId).appliedIndex(), WAIT)).isTrue();
        // the other two are lost: the survivor alone has no quorum
        for (String id : List.of(leaderId, followersOf(leaderId).getLast())) {
            nodes.remove(id).close();
        }
        MemoryStore replica = stores.get(survivor);
        Map<String, StoreObject> before = everything(replica);
        long indexBefore = replica.index();
        assertThatThrownBy(() -> replica.write(tx -> tx.create(Table.SERVICES, service("nope"))))
                .isInstanceOf(ShoalException.Unavailable.class);
        io.shoal.store.StoreSnapshot state = replica.snapshot();
        nodes.remove(survivor).close();

        RaftPeer self = peers.stream().filter(p -> p.memberId().equals(survivor)).findFirst().orElseThrow();
        Path old = RaftNode.reseed(config(self).dataDir(), state, 1234L);
        assertThat(old.getFileName().toString()).isEqualTo("raft.1234.old");
        RaftNode alone = start(config(self));
        assertThat(alone.isLeader()).isTrue();
        assertThat(alone.members()).containsExactly(self);
        MemoryStore store = stores.get(survivor);
        assertThat(everything(store)).isEqualTo(before);
        store.write(tx -> tx.create(Table.SERVICES, service("after")));
        assertThat(store.index()).isGreaterThan(indexBefore);
        assertThat(store.<Integer>view(tx -> tx.all(Table.SERVICES).size())).isEqualTo(11);

        // and it stays so across a restart (snapshot, then the new log)
        nodes.remove(survivor).close();
        RaftNode again = start(config(self));
        assertThat(again.isLeader()).isTrue();
        assertThat(stores.get(survivor).<Integer>view(tx -> tx.all(Table.SERVICES).size())).isEqualTo(11);
    }

    @SuppressWarnings("unchecked")
    private static <T extends StoreObject> void create(Tx tx, StoreObject o) {
        Table<T> table = (Table<T>) Table.ALL.stream().filter(t -> t.type().isInstance(o)).findFirst().orElseThrow();
        tx.create(table, (T) o);
    }

    @Test
    void membersJoinFromASnapshotLeaveAndTheGroupSurvivesItsLeaderStopping() throws Exception {
        // m1 starts alone and compacts its log, so joiners must catch up from a snapshot.
        RaftPeer p1 = peer("m1");
        RaftNode m1 = start(config(p1).withSnapshotInterval(20).withLogSegmentSize(64 << 10));
        MemoryStore s1 = stores.get("m1");
        for (int i = 0; i < 60; i++) {
            int n = i;
            s1.write(tx -> tx.create(Table.SERVICES, service("early-" + n)));
        }

        RaftPeer p2 = peer("m2");
        RaftPeer p3 = peer("m3");
        start(config(p2).withInitialPeers(List.of(p1))); // not listed itself: joins an existing group
        start(config(p3).withInitialPeers(List.of(p1)));
        // not yet added: it knows no leader, so its (empty) replica shows no current state
        assertThat(nodes.get("m2").caughtUp()).isFalse();
        m1.addMember(p2);
        m1.addMember(p3);
        m1.addMember(p3); // already a member: nothing to do
        assertThat(m1.members()).containsExactly(p1, p2, p3);

        s1.write(tx -> tx.create(Table.SERVICES, service("after-join")));
        for (String id : List.of("m2", "m3")) {
            assertThat(nodes.get(id).awaitApplied(m1.appliedIndex(), WAIT)).isTrue();
            assertThat(everything(stores.get(id))).isEqualTo(everything(s1)).hasSize(61);
            assertThat(nodes.get(id).members()).containsExactly(p1, p2, p3);
        }

        // The leader stops: one of the two others takes over, with every write.
        CompletableFuture<String> next = new CompletableFuture<>();
        nodes.get("m2").addLeadershipListener(onBecomingLeader(next, "m2"));
        nodes.get("m3").addLeadershipListener(onBecomingLeader(next, "m3"));
        long indexBefore = s1.index();
        m1.close();
        String newLeader = next.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        MemoryStore ns = stores.get(newLeader);
        ns.write(tx -> tx.create(Table.SERVICES, service("after-failover")));
        assertThat(ns.index()).isGreaterThan(indexBefore);
        assertThat(ns.<List<?>>view(tx -> tx.all(Table.SERVICES))).hasSize(62);

        // The stopped member is removed; the other follower follows the change.
        nodes.get(newLeader).removeMember("m1");
        assertThat(nodes.get(newLeader).members()).extracting(RaftPeer::memberId).containsExactly("m2", "m3");
        assertThatThrownBy(() -> nodes.get(newLeader).removeMember("m1"))
                .isInstanceOf(ShoalException.NotFound.class);
        String other = newLeader.equals("m2") ? "m3" : "m2";
        assertThat(nodes.get(other).awaitApplied(nodes.get(newLeader).appliedIndex(), WAIT)).isTrue();
        assertThat(nodes.get(other).members()).extracting(RaftPeer::memberId).containsExactly("m2", "m3");
        assertThat(everything(stores.get(other))).isEqualTo(everything(ns));
        assertThatThrownBy(() -> nodes.get(other).addMember(p1)).isInstanceOf(ShoalException.Unavailable.class);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private RaftPeer peer(String id) {
        return new RaftPeer(id, freeLoopbackAddress());
    }

    private RaftConfig config(RaftPeer p) {
        return RaftConfig.singleNode(dir.resolve(p.memberId()), p.memberId(), p.address())
                .withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    private RaftNode start(RaftConfig config) throws IOException {
        MemoryStore store = new MemoryStore(clock);
        RaftNode node = RaftNode.start(config, store);
        nodes.put(config.memberId(), node);
        stores.put(config.memberId(), store);
        return node;
    }

    private List<String> followersOf(String leaderId) {
        List<String> out = new ArrayList<>(nodes.keySet());
        out.remove(leaderId);
        return out;
    }

    private static LeadershipListener onBecomingLeader(CompletableFuture<String> leader, String id) {
        return new LeadershipListener() {
            @Override
            public void becameLeader() {
                leader.complete(id);
            }

            @Override
            public void lostLeadership() {}
        };
    }
}
