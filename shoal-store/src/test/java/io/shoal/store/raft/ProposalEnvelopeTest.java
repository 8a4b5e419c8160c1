package io.shoal.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Service;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreAction;
import io.shoal.store.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class ProposalEnvelopeTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void aProposalReadsBackWithItsReadIndex() {
        StoreAction.Proposal p = proposal(RaftFixtures.service("web"));
        ProposalEnvelope back = ProposalEnvelope.decode(new ProposalEnvelope(42, p).encode());
        assertThat(back.readIndex()).isEqualTo(42);
        assertThat(back.proposal().at()).isEqualTo(clock.instant());
        assertThat(back.proposal().actions()).hasSize(1);
        assertThat(back.proposal().actions().get(0).id()).isEqualTo(p.actions().get(0).id());
        // Same JSON (numbers may come back as narrower node types, which decode alike).
        assertThat(back.proposal().actions().get(0).object().toString())
                .isEqualTo(p.actions().get(0).object().toString());
    }

    @Test
    void itAppliesOnlyToTheStoreItRead() {
        StoreAction.Proposal p = proposal(RaftFixtures.service("web"));
        assertThat(new ProposalEnvelope(7, p).appliesAt(7)).isTrue();
        assertThat(new ProposalEnvelope(7, p).appliesAt(8)).isFalse();
        assertThat(new ProposalEnvelope(7, p).appliesAt(6)).isFalse();
        assertThat(new ProposalEnvelope(ProposalEnvelope.UNCONDITIONAL, p).appliesAt(123)).isTrue();
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> ProposalEnvelope.decode(ByteString.copyFromUtf8("{\"At\":null}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Shoal store proposal");
        assertThatThrownBy(() -> ProposalEnvelope.decode(ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProposalEnvelope(-2, proposal(RaftFixtures.service("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theApplyOutcomeTravelsAsOneByte() {
        for (ApplyOutcome o : ApplyOutcome.values()) {
            assertThat(ApplyOutcome.of(o.toMessage())).isEqualTo(o);
        }
        assertThatThrownBy(() -> ApplyOutcome.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private StoreAction.Proposal proposal(Service s) {
        List<StoreAction.Proposal> captured = new ArrayList<>();
        MemoryStore scratch = new MemoryStore(clock);
        scratch.setProposer(captured::add);
        scratch.write(tx -> tx.create(Table.SERVICES, s));
        return captured.getFirst();
    }
}
