package io.shoal.store;

import io.shoal.api.Ids;
import io.shoal.api.Json;
import io.shoal.api.Service;
import io.shoal.api.StoreObject;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's encoding without Raft (not a test; run by hand): CPU per change to encode and
 * decode 200-change proposals, against Jackson's JSON of the same objects, and the time to write,
 * read and restore a snapshot of TASKS tasks. Arguments: [TASKS] (default 100,000).
 */
final class StoreCodecBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StoreCodecBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<Service> services = new ArrayList<>();
        List<Task> tasks = new ArrayList<>(n);
        Instant now = Instant.parse("2026-11-27T01:02:03.123456789Z");
        for (int i = 0; i < n; i++) {
            if (i % 1000 == 0) {
                services.add(StoreFixtures.fullService("svc-" + i));
            }
            Service s = services.getLast();
            tasks.add(StoreFixtures.runningTask(s, i % 1000, Ids.newId(), now));
        }
        List<StoreAction.Proposal> proposals = new ArrayList<>();
        for (int from = 0; from < n; from += 200) {
            List<StoreAction> actions = new ArrayList<>();
            for (Task t : tasks.subList(from, Math.min(n, from + 200))) {
                actions.add(new StoreAction(StoreAction.Kind.UPDATE, Table.TASKS, t.id(), t));
            }
            proposals.add(new StoreAction.Proposal(now, actions));
        }
        for (int round = 0; round < 5; round++) {
            long c0 = cpu();
            List<byte[]> encoded = new ArrayList<>(proposals.size());
            for (StoreAction.Proposal p : proposals) {
                encoded.add(p.encode());
            }
            long c1 = cpu();
            for (byte[] b : encoded) {
                StoreAction.Proposal.decode(b);
            }
            long c2 = cpu();
            long bytes = encoded.stream().mapToLong(b -> b.length).sum();
            List<byte[]> json = new ArrayList<>(n);
            for (Task t : tasks) {
                json.add(Json.writeBytes(Json.mapper().valueToTree(t)));
            }
            long c3 = cpu();
            for (byte[] b : json) {
                Json.mapper().treeToValue(Json.mapper().readTree(b), Task.class);
            }
            long c4 = cpu();
            com.fasterxml.jackson.databind.ObjectMapper smile = Json.configure(
                    com.fasterxml.jackson.dataformat.smile.databind.SmileMapper.builder()).build();
            com.fasterxml.jackson.databind.ObjectWriter sw = smile.writerFor(Task.class);
            com.fasterxml.jackson.databind.ObjectReader sr = smile.readerFor(Task.class);
            List<byte[]> sm = new ArrayList<>(n);
            long c5 = cpu();
            for (Task t : tasks) {
                sm.add(sw.writeValueAsBytes(t));
            }
            long c6 = cpu();
            for (byte[] b : sm) {
                sr.readValue(b);
            }
            long c7 = cpu();
            System.out.printf("Smile databind: encode %.2f us, decode %.2f us, %d bytes%n", (c6 - c5) / 1e3 / n,
                    (c7 - c6) / 1e3 / n, sm.stream().mapToLong(b -> b.length).sum() / n);
            System.out.printf("200-change proposals: encode %.2f us/change, decode %.2f us/change, %d bytes/change"
                            + " | Jackson tree JSON (the old log): encode %.2f us, decode %.2f us, %d bytes%n",
                    (c1 - c0) / 1e3 / n, (c2 - c1) / 1e3 / n, bytes / n, (c3 - c2) / 1e3 / n, (c4 - c3) / 1e3 / n,
                    json.stream().mapToLong(b -> b.length).sum() / n);
        }

        MemoryStore store = MemoryStore.local(new FakeClock());
        Map<String, List<StoreObject>> all = Map.of(Table.SERVICES.name(), List.copyOf(services),
                Table.TASKS.name(), List.copyOf(tasks));
        StoreSnapshot snapshot = new StoreSnapshot(12345, all, new StoreAction.ProposalId(1, 2));
        for (int round = 0; round < 5; round++) {
            long w0 = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            snapshot.writeTo(out);
            long w1 = System.nanoTime();
            StoreSnapshot back = StoreSnapshot.readFrom(new ByteArrayInputStream(out.toByteArray()));
            long w2 = System.nanoTime();
            store.restore(back);
            long w3 = System.nanoTime();
            System.out.printf("snapshot of %d tasks: %d bytes; write %d ms, read %d ms, restore %d ms%n", n, out.size(),
                    (w1 - w0) / 1_000_000, (w2 - w1) / 1_000_000, (w3 - w2) / 1_000_000);
        }
        System.out.println(store.<Integer>view(tx -> tx.all(Table.TASKS).size()) + " tasks restored, version "
                + store.<Version>view(tx -> tx.all(Table.TASKS).getFirst().version()) + ", state "
                + store.<TaskState>view(tx -> tx.all(Table.TASKS).getFirst().state()));
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
