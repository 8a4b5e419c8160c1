package io.shoal.store.raft;

import static io.shoal.store.raft.RaftFixtures.service;
import static io.shoal.store.raft.RaftFixtures.singleNode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Service;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.crypto.DataKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Raft log and snapshots on disk are ciphertext under the data key; a restart with the key reads them back. */
class EncryptedRaftNodeTest {
    private static final String MARKER = "plaintext-marker-label-7f3a";
    private final FakeClock clock = new FakeClock();

    @TempDir
    Path dir;

    private static Service marked(int i) {
        return service(MARKER + "-" + i);
    }

    private List<Path> filesHolding(String text) throws IOException {
        byte[] needle = text.getBytes(UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return indexOf(Files.readAllBytes(p), needle) >= 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void withoutAKeyTheLabelIsOnDiskInClear() throws IOException {
        // the control for the test below: the search does find plaintext
        MemoryStore store = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(singleNode(dir, "m1").withSnapshotInterval(0), store)) {
            Service s = marked(0);
            store.write(tx -> tx.create(Table.SERVICES, s));
        }
        assertThat(filesHolding(MARKER)).isNotEmpty();
    }

    @Test
    void logEntriesAndSnapshotsAreCiphertextAndARestartWithTheKeyReadsThemBack() throws IOException {
        DataKey key = DataKey.generate();
        RaftConfig config = singleNode(dir, "m1").withSnapshotInterval(50).withLogSegmentSize(64 << 10);
        MemoryStore store = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(config, store, key)) {
            for (int i = 0; i < 120; i++) {
                Service s = marked(i);
                store.write(tx -> tx.create(Table.SERVICES, s));
            }
            assertThat(node.proposer()).isNotNull();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("a snapshot was written")
                    .anyMatch(n -> n.matches("snapshot\\.\\d+_\\d+"));
        }
        assertThat(filesHolding(MARKER)).as("no file holds the label in clear").isEmpty();
        assertThat(filesHolding("shoal-test/busybox")).as("nor the image").isEmpty();

        MemoryStore again = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(config, again, DataKey.of(key.bytes()))) {
            assertThat(again.<List<Service>>view(tx -> tx.all(Table.SERVICES))).hasSize(120)
                    .allMatch(s -> s.spec().labels().get("app").startsWith(MARKER));
            assertThat(again.index()).isEqualTo(store.index());
            // and it keeps writing
            Service more = marked(999);
            again.write(tx -> tx.create(Table.SERVICES, more));
        }
    }

    @Test
    void anotherKeyCannotStartTheMember() throws IOException {
        DataKey key = DataKey.generate();
        RaftConfig config = singleNode(dir, "m1").withSnapshotInterval(0);
        MemoryStore store = new MemoryStore(clock);
        try (RaftNode node = RaftNode.start(config, store, key)) {
            Service s = marked(1);
            store.write(tx -> tx.create(Table.SERVICES, s));
        }
        assertThat(filesHolding(MARKER)).isEmpty();
        assertThatThrownBy(() -> {
            try (RaftNode node = RaftNode.start(config, new MemoryStore(clock), DataKey.generate())) {
                node.appliedIndex();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not open with this member's data key");
    }

    @Test
    void aSealedProposalEnvelopeOpensOnlyWithItsKey() {
        DataKey key = DataKey.generate();
        Service s = marked(2);
        List<io.shoal.store.StoreAction.Proposal> captured = new java.util.ArrayList<>();
        MemoryStore scratch = new MemoryStore(clock);
        scratch.setProposer(captured::add);
        scratch.write(tx -> tx.create(Table.SERVICES, s));
        io.shoal.store.StoreAction.Proposal p = captured.getFirst();
        var sealed = ProposalEnvelope.encode(p, key);
        assertThat(sealed.byteAt(0)).isEqualTo(ProposalEnvelope.ENCRYPTED);
        assertThat(sealed.toStringUtf8()).doesNotContain(MARKER);
        assertThat(ProposalEnvelope.decode(sealed, key)).isEqualTo(p);
        assertThatThrownBy(() -> ProposalEnvelope.decode(sealed, null))
                .isInstanceOf(ProposalEnvelope.UnknownFormatException.class);
        assertThatThrownBy(() -> ProposalEnvelope.decode(sealed, DataKey.generate()))
                .isInstanceOf(ProposalEnvelope.UnknownFormatException.class);
        assertThat(ProposalEnvelope.decode(ProposalEnvelope.encode(p), key)).as("clear entries of earlier builds")
                .isEqualTo(p);
    }
}
