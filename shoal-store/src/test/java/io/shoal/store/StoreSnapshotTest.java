package io.shoal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Json;
import io.shoal.api.Service;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.time.FakeClock;
import io.shoal.store.StoreAction.ProposalId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSnapshotTest {
    @Test
    void everyTableWithEveryFieldSetReadsBackEqualInOrder() throws IOException {
        Map<String, List<StoreObject>> tables = new LinkedHashMap<>();
        for (Table<?> t : Table.ALL) {
            List<StoreObject> objects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                objects.add(StoreFixtures.everyFieldSet(t.type(), i));
            }
            tables.put(t.name(), objects);
        }
        // Tasks span several blocks, which are decoded in parallel and must come back in order.
        Service s = StoreFixtures.fullService("many");
        for (int i = 0; i < 4500; i++) {
            tables.get(Table.TASKS.name()).add(i % 1000 == 0
                    ? StoreFixtures.everyFieldSet(Task.class, i)
                    : StoreFixtures.runningTask(s, i, "node-" + i % 10, Instant.EPOCH.plusNanos(i)));
        }
        StoreSnapshot snapshot = new StoreSnapshot(4242, tables, new ProposalId(99, 7));
        StoreSnapshot back = StoreSnapshot.readFrom(new ByteArrayInputStream(bytes(snapshot)));
        assertThat(back).isEqualTo(snapshot);
    }

    @Test
    void aStoreRestoredFromItsSnapshotIsTheSameStore() throws IOException {
        FakeClock clock = new FakeClock();
        MemoryStore store = MemoryStore.local(clock);
        Service s = StoreFixtures.fullService("web");
        store.write(tx -> tx.create(Table.SERVICES, s));
        for (int i = 0; i < 300; i++) {
            Task t = StoreFixtures.runningTask(s, i, "node-" + (i % 7), Instant.EPOCH);
            store.write(tx -> tx.create(Table.TASKS, t));
        }
        MemoryStore other = MemoryStore.local(clock);
        other.restore(StoreSnapshot.readFrom(new ByteArrayInputStream(bytes(store.snapshot()))));
        assertThat(other.snapshot()).isEqualTo(store.snapshot());
        assertThat(other.<List<Task>>view(tx -> tx.tasksOnNode("node-3"))).hasSize(43);
        assertThat(other.<Boolean>view(tx -> tx.byName(Table.SERVICES, "WEB").isPresent())).isTrue();
        // Writes go on where the snapshot left off.
        Task late = StoreFixtures.runningTask(s, 300, "node-1", Instant.EPOCH);
        other.write(tx -> tx.create(Table.TASKS, late));
        assertThat(other.index()).isEqualTo(store.index() + 1);
    }

    @Test
    void theJsonSnapshotOfEarlierBuildsIsRefusedWithAClearMessage() {
        byte[] json = Json.writeBytes(Map.of("Index", 12, "Tables", Map.of("services", List.of())));
        assertThatThrownBy(() -> StoreSnapshot.readFrom(new ByteArrayInputStream(json)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("JSON format of an earlier Shoal build")
                .hasMessageContaining("remove the manager's data directory");
    }

    @Test
    void anotherFormatOrSomethingElseIsRefused() throws IOException {
        byte[] good = bytes(new StoreSnapshot(1, Map.of(Table.SERVICES.name(),
                List.of(StoreFixtures.fullService("a")))));
        byte[] otherFormat = good.clone();
        ByteBuffer.wrap(otherFormat).putInt(StoreSnapshot.MAGIC.length, StoreSnapshot.FORMAT + 1);
        assertThatThrownBy(() -> StoreSnapshot.readFrom(new ByteArrayInputStream(otherFormat)))
                .isInstanceOf(IOException.class)
                .hasMessage("store snapshot format 3 is not supported (this version reads format 2)");
        byte[] noise = "certainly not a snapshot".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> StoreSnapshot.readFrom(new ByteArrayInputStream(noise)))
                .isInstanceOf(IOException.class).hasMessage("not a Shoal store snapshot");
        assertThatThrownBy(() -> StoreSnapshot.readFrom(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IOException.class).hasMessage("not a Shoal store snapshot");
    }

    @Test
    void aSnapshotCutShortIsRefused() throws IOException {
        byte[] good = bytes(new StoreSnapshot(1, Map.of(Table.SERVICES.name(),
                List.of(StoreFixtures.fullService("a"), StoreFixtures.fullService("b")))));
        for (int cut = StoreSnapshot.MAGIC.length + 4; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> StoreSnapshot.readFrom(new ByteArrayInputStream(truncated)))
                    .as("cut at %d of %d", truncated.length, good.length)
                    .isInstanceOf(IOException.class).hasMessageContaining("cut short");
        }
    }

    private static byte[] bytes(StoreSnapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(out);
        return out.toByteArray();
    }
}
