package io.shoal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.shoal.api.Cluster;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.time.FakeClock;
import io.shoal.store.StoreAction.Guard;
import io.shoal.store.StoreAction.Proposal;
import io.shoal.store.StoreAction.ProposalId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreCodecTest {
    private final Instant at = Instant.parse("2026-11-27T10:11:12.123456789Z");

    @Test
    void aProposalOfEveryKindOnEveryTableWithEveryFieldSetReadsBackEqual() {
        List<StoreAction> actions = new ArrayList<>();
        for (StoreObject o : StoreFixtures.oneOfEachTable(1)) {
            Table<?> t = tableOf(o);
            actions.add(new StoreAction(StoreAction.Kind.CREATE, t, o.id(), o));
            actions.add(new StoreAction(StoreAction.Kind.UPDATE, t, o.id(), StoreFixtures.everyFieldSet(t.type(), 2)));
            actions.add(new StoreAction(StoreAction.Kind.DELETE, t, o.id(), null));
        }
        Guard guard = new Guard(Guard.UNCONDITIONAL, new ProposalId(-5, 12), new ProposalId(-5, 11));
        Proposal p = new Proposal(at, actions, guard);
        Proposal back = Proposal.decode(p.encode());
        assertThat(back).isEqualTo(p);
        assertThat(Proposal.decode(new Proposal(at, actions, Guard.readIndex(77)).encode()).guard())
                .isEqualTo(Guard.readIndex(77));
        StoreCodec.requireRoundTrip(p); // the check the in-memory store makes on every commit
    }

    @Test
    void theInMemoryStoreRefusesAnObjectThatWouldNotReadBackEqual() {
        MemoryStore store = MemoryStore.local(new FakeClock());
        Cluster c = StoreFixtures.everyFieldSet(Cluster.class, 1);
        // A POJO inside a free-form value only travels as JSON text: a follower would hold a map instead.
        Cluster.CaConfig ca = new Cluster.CaConfig(1L, List.of(Map.of("Opaque", new Opaque("x"))), null, null, 0L);
        Cluster odd = new Cluster(c.id(), c.version(), c.createdAt(), c.updatedAt(), c.spec().mergedOver(c.spec()),
                c.tlsInfo(), c.rootRotationInProgress(), c.defaultAddrPool(), c.subnetSize(), c.dataPathPort(),
                c.joinTokens(), c.rootCa()).withSpec(new Cluster.SwarmSpec(c.spec().name(), c.spec().labels(),
                c.spec().orchestration(), c.spec().raft(), c.spec().dispatcher(), ca, c.spec().encryptionConfig(),
                c.spec().taskDefaults()));
        assertThatThrownBy(() -> store.write(tx -> tx.create(Table.CLUSTERS, odd)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the store's encoding changes clusters/" + c.id());
        assertThat(store.<List<Cluster>>view(tx -> tx.all(Table.CLUSTERS))).isEmpty();
        store.write(tx -> tx.create(Table.CLUSTERS, c));
    }

    /** Not a record, number, string, list or map: Jackson writes it as an object. */
    public static final class Opaque {
        private final String value;

        Opaque(String value) {
            this.value = value;
        }

        public String getValue() {
            return value;
        }
    }

    @Test
    void jsonTreesBuiltInCodeKeepTheirNodeTypes() {
        MemoryStore store = MemoryStore.local(new FakeClock());
        Task t = StoreFixtures.everyFieldSet(Task.class, 3);
        // put(String, long) makes a LongNode: JSON text would have read it back as an IntNode.
        Task withLong = t.withNetworksAttachments(List.of(JsonNodeFactory.instance.objectNode().put("Vlan", 5L)));
        store.write(tx -> tx.create(Table.TASKS, withLong));
        assertThat(store.view(tx -> tx.get(Table.TASKS, t.id())).orElseThrow().networksAttachments())
                .isEqualTo(withLong.networksAttachments());
    }

    @Test
    void aDamagedProposalIsRefused() {
        byte[] good = new Proposal(at, List.of(new StoreAction(StoreAction.Kind.DELETE, Table.TASKS, "t1", null)))
                .encode();
        for (int cut = 0; cut < good.length; cut++) {
            int n = cut;
            assertThatThrownBy(() -> Proposal.decode(good, 0, n)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("corrupt store proposal");
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> Proposal.decode(longer)).hasMessageContaining("bytes left");
    }

    static Table<?> tableOf(StoreObject o) {
        return Table.ALL.stream().filter(t -> t.type().isInstance(o)).findFirst().orElseThrow();
    }
}
