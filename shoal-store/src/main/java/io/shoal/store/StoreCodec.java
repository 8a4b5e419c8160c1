package io.shoal.store;

import io.shoal.api.StoreObject;
import io.shoal.api.TaskSpec;
import io.shoal.store.StoreAction.Guard;
import io.shoal.store.StoreAction.Proposal;
import io.shoal.store.StoreAction.ProposalId;
import io.shoal.store.codec.Decoder;
import io.shoal.store.codec.Encoder;
import io.shoal.store.codec.RecordCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The store's objects in binary, for the Raft log and snapshots (see {@link RecordCodec}).
 * <p>
 * A proposal is one stream: its guard (read index, ID, predecessor ID), the leader's clock, the
 * number of changes, then per change its kind, table, ID and object (none for a delete).
 */
final class StoreCodec {
    /** The tasks of a service all carry its task spec: written once per proposal or snapshot block. */
    static final RecordCodec CODEC = new RecordCodec(Set.of(TaskSpec.class));

    static {
        // Refuse at start-up, not at the first write, a model the codec cannot carry.
        for (Table<?> t : Table.ALL) {
            CODEC.check(t.type());
        }
    }

    private StoreCodec() {}

    static byte[] encode(Proposal p) {
        Encoder e = CODEC.encoder();
        Guard g = p.guard();
        e.writeLong(g.readIndex())
                .writeLong(g.id().epoch()).writeLong(g.id().seq())
                .writeLong(g.after().epoch()).writeLong(g.after().seq())
                .writeInstant(p.at())
                .writeInt(p.actions().size());
        for (StoreAction a : p.actions()) {
            e.writeString(a.kind().name()).writeString(a.table().name()).writeString(a.id());
            writeObject(e, a.table(), a.object());
        }
        return e.toByteArray();
    }

    static Proposal decode(byte[] bytes, int offset, int length) {
        try {
            Decoder d = CODEC.decoder(bytes, offset, length);
            long readIndex = d.readLong();
            ProposalId id = new ProposalId(d.readLong(), d.readLong());
            ProposalId after = new ProposalId(d.readLong(), d.readLong());
            Instant at = d.readInstant();
            int n = d.readInt();
            List<StoreAction> actions = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                StoreAction.Kind kind = StoreAction.Kind.valueOf(d.readString());
                Table<?> table = Table.byName(d.readString());
                String objectId = d.readString();
                StoreObject object = d.readRecord(table.type());
                actions.add(new StoreAction(kind, table, objectId, object));
            }
            if (!d.atEnd()) {
                throw new IllegalArgumentException("bytes left after the last change");
            }
            return new Proposal(at, actions, new Guard(readIndex, id, after));
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("corrupt store proposal: " + e.getMessage(), e);
        }
    }

    static <T extends StoreObject> void writeObject(Encoder e, Table<T> table, StoreObject o) {
        e.writeRecord(table.type(), table.cast(o));
    }

    /**
     * Fails unless every object of {@code p} reads back equal from the proposal's encoding: what
     * the leader applies as written, the other members and a restart apply as decoded.
     */
    static void requireRoundTrip(Proposal p) {
        byte[] bytes = encode(p);
        Proposal back = decode(bytes, 0, bytes.length);
        if (!back.guard().equals(p.guard()) || !back.at().equals(p.at())) {
            throw new IllegalStateException("the store's encoding changes a proposal's guard or time");
        }
        for (int i = 0; i < p.actions().size(); i++) {
            StoreAction a = p.actions().get(i);
            if (!a.equals(back.actions().get(i))) {
                throw new IllegalStateException("the store's encoding changes " + a.table() + "/" + a.id()
                        + ": written " + a.object() + ", read back " + back.actions().get(i).object()
                        + " (every field of a stored record must survive the codec; see RecordCodec)");
            }
        }
    }
}
