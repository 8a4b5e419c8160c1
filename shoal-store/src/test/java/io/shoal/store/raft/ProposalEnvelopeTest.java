package io.shoal.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Service;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreAction;
import io.shoal.store.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class ProposalEnvelopeTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void aProposalReadsBackEqualWithItsGuard() {
        StoreAction.Proposal p = proposal(RaftFixtures.service("web"));
        StoreAction.Proposal guarded = p.withGuard(new StoreAction.Guard(StoreAction.Guard.UNCONDITIONAL,
                new StoreAction.ProposalId(7, 3), new StoreAction.ProposalId(7, 2)));
        assertThat(ProposalEnvelope.decode(ProposalEnvelope.encode(p))).isEqualTo(p);
        assertThat(ProposalEnvelope.decode(ProposalEnvelope.encode(guarded))).isEqualTo(guarded);
        assertThat(ProposalEnvelope.encode(p).byteAt(0)).isEqualTo(ProposalEnvelope.FORMAT);
    }

    @Test
    void anEntryOfAnotherFormatIsNeverGuessedAt() {
        // The first builds wrote a format byte 1 and JSON.
        byte[] v1 = new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 5, '{', '}'};
        assertThatThrownBy(() -> ProposalEnvelope.decode(ByteString.copyFrom(v1)))
                .isInstanceOf(ProposalEnvelope.UnknownFormatException.class)
                .hasMessageContaining("store format 1").hasMessageContaining("JSON");
        assertThatThrownBy(() -> ProposalEnvelope.decode(ByteString.copyFromUtf8("{\"At\":null}")))
                .isInstanceOf(ProposalEnvelope.UnknownFormatException.class);
        assertThatThrownBy(() -> ProposalEnvelope.decode(ByteString.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Shoal store proposal");
    }

    @Test
    void aDamagedEntryIsRefusedNotMisread() {
        byte[] good = ProposalEnvelope.encode(proposal(RaftFixtures.service("web"))).toByteArray();
        for (int cut : new int[] {2, good.length / 2, good.length - 1}) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> ProposalEnvelope.decode(ByteString.copyFrom(truncated)))
                    .as("cut at %d of %d", cut, good.length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt store proposal");
        }
        byte[] garbage = ("\u0002" + "not a proposal").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ProposalEnvelope.decode(ByteString.copyFrom(garbage)))
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
