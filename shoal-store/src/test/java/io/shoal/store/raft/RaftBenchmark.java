package io.shoal.store.raft;

import io.shoal.api.Ids;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.Tx;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Measures the replicated store on a one-member group (not a test; run by hand, one mode per JVM
 * so restarts are measured cold, as a restarted manager is). Objects are built before the clock
 * starts; CPU is the whole process's (Ratis threads included), since the machine may be shared.
 * <pre>
 *   throughput DIR PORT                       sequential 1-change and 200-change proposals
 *   concurrent DIR PORT WRITERS CHANGES       WRITERS threads committing CHANGES-change transactions
 *                                             (each updates tasks it created: read, then write)
 *   fill DIR PORT TASKS SNAPSHOT_INTERVAL BATCH   creates TASKS tasks, BATCH per proposal, then moves
 *                                             each through PENDING, ASSIGNED, RUNNING; closes
 *   restart DIR PORT                          times start() until the store is restored
 *   latency DIR PORT MEMBERS WRITES           one writer's read-modify-write of one service, like an
 *                                             API update, on a group of MEMBERS (ports PORT, PORT+1, ...)
 * </pre>
 */
final class RaftBenchmark {
    private RaftBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "throughput" -> throughput(dir, port);
            case "concurrent" -> concurrent(dir, port, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "fill" -> fill(dir, port, Integer.parseInt(args[3]), Long.parseLong(args[4]),
                    Integer.parseInt(args[5]));
            case "restart" -> restart(dir, port);
            case "latency" -> latency(dir, port, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static RaftConfig config(Path dir, int port, long snapshotInterval) {
        return RaftConfig.singleNode(dir, "m1", new InetSocketAddress("127.0.0.1", port))
                .withSnapshotInterval(snapshotInterval);
    }

    private static void throughput(Path dir, int port) throws Exception {
        MemoryStore store = new MemoryStore(new FakeClock());
        try (RaftNode node = RaftNode.start(config(dir, port, RaftConfig.DEFAULT_SNAPSHOT_INTERVAL), store)) {
            Service svc = RaftFixtures.service("bench");
            store.write(tx -> tx.create(Table.SERVICES, svc));
            singles(store, tasks(svc, 2000)); // warm-up
            for (int round = 0; round < 3; round++) {
                List<Task> tasks = tasks(svc, 2000);
                Measure m = Measure.start();
                singles(store, tasks);
                m.report("1-change proposals", tasks.size(), 1);
            }
            batches(store, svc, 100); // warm-up
            for (int round = 0; round < 3; round++) {
                int n = 300;
                List<List<Consumer<Tx>>> writes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    writes.add(creates(tasks(svc, 200)));
                }
                Measure m = Measure.start();
                for (List<Consumer<Tx>> w : writes) {
                    store.batch(w, e -> {
                        throw e;
                    });
                }
                m.report("200-change proposals", n, 200);
            }
            System.out.printf("store index %d, raft applied index %d, tasks %d%n", store.index(), node.appliedIndex(),
                    store.<List<Task>>view(tx -> tx.tasksOfService(svc.id())).size());
        }
    }

    /** Writers that each create tasks, then move them on one state at a time, CHANGES per transaction. */
    private static void concurrent(Path dir, int port, int writers, int changes) throws Exception {
        MemoryStore store = new MemoryStore(new FakeClock());
        try (RaftNode node = RaftNode.start(config(dir, port, RaftConfig.DEFAULT_SNAPSHOT_INTERVAL), store)) {
            Service svc = RaftFixtures.service("bench");
            store.write(tx -> tx.create(Table.SERVICES, svc));
            for (int round = 0; round < 6; round++) {
                int perWriter = Math.max(10, 20_000 / changes / writers) * changes;
                List<List<Task>> owned = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    owned.add(tasks(svc, perWriter));
                }
                ExecutorService pool = Executors.newFixedThreadPool(writers);
                Measure m = Measure.start();
                List<Future<?>> done = new ArrayList<>();
                for (List<Task> mine : owned) {
                    done.add(pool.submit(() -> {
                        for (int from = 0; from < mine.size(); from += changes) {
                            store.batch(creates(mine.subList(from, from + changes)), e -> {
                                throw e;
                            });
                        }
                        for (int from = 0; from < mine.size(); from += changes) {
                            List<Task> slice = mine.subList(from, from + changes);
                            store.batch(slice.stream().<Consumer<Tx>>map(t -> tx -> {
                                Task current = tx.get(Table.TASKS, t.id()).orElseThrow();
                                tx.update(Table.TASKS, current.withStatus(Task.TaskStatus.of(null, TaskState.PENDING,
                                        "allocated")));
                            }).toList(), e -> {
                                throw e;
                            });
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                int transactions = 2 * writers * perWriter / changes;
                if (round >= 3) {
                    m.report(writers + " writers, " + changes + "-change transactions", transactions, changes);
                }
            }
            System.out.printf("store index %d, raft applied index %d%n", store.index(), node.appliedIndex());
        }
    }

    private static void latency(Path dir, int port, int members, int writes) throws Exception {
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            peers.add(new RaftPeer("m" + (i + 1), new InetSocketAddress("127.0.0.1", port + i)));
        }
        List<RaftNode> nodes = new ArrayList<>();
        List<MemoryStore> stores = new ArrayList<>();
        try {
            for (RaftPeer p : peers) {
                MemoryStore store = new MemoryStore(new FakeClock());
                RaftConfig c = RaftConfig.singleNode(dir.resolve(p.memberId()), p.memberId(), p.address())
                        .withInitialPeers(peers);
                nodes.add(RaftNode.start(c, store));
                stores.add(store);
            }
            MemoryStore leader = null;
            for (int attempt = 0; leader == null && attempt < 600; attempt++) {
                for (int i = 0; i < members; i++) {
                    if (nodes.get(i).isLeader()) {
                        leader = stores.get(i);
                    }
                }
                if (leader == null) {
                    Thread.sleep(50); // a benchmark, not a component: wait for the election
                }
            }
            if (leader == null) {
                throw new IllegalStateException("no leader");
            }
            MemoryStore store = leader;
            Service svc = RaftFixtures.service("latency");
            store.write(tx -> tx.create(Table.SERVICES, svc));
            for (int round = 0; round < 2; round++) {
                long[] nanos = new long[writes];
                Measure m = Measure.start();
                for (int i = 0; i < writes; i++) {
                    long t0 = System.nanoTime();
                    store.write(tx -> {
                        Service s = tx.get(Table.SERVICES, svc.id()).orElseThrow();
                        tx.update(Table.SERVICES, s.withUpdateStatus(null));
                    });
                    nanos[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(nanos);
                if (round == 1) {
                    m.report(members + " member(s), sequential 1-change updates", writes, 1);
                    System.out.printf("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                            nanos[writes / 2] / 1e6, nanos[writes * 9 / 10] / 1e6, nanos[writes * 99 / 100] / 1e6,
                            nanos[writes - 1] / 1e6);
                }
            }
        } finally {
            nodes.forEach(RaftNode::close);
        }
    }

    private static List<Task> tasks(Service svc, int n) {
        List<Task> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(RaftFixtures.task(svc, i).withNodeId(Ids.newId()));
        }
        return out;
    }

    private static List<Consumer<Tx>> creates(List<Task> tasks) {
        List<Consumer<Tx>> writes = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            writes.add(tx -> tx.create(Table.TASKS, t));
        }
        return writes;
    }

    private static void singles(MemoryStore store, List<Task> tasks) {
        for (Task t : tasks) {
            store.write(tx -> tx.create(Table.TASKS, t));
        }
    }

    private static void batches(MemoryStore store, Service svc, int n) {
        for (int i = 0; i < n; i++) {
            store.batch(creates(tasks(svc, 200)), e -> {
                throw e;
            });
        }
    }

    /** Wall and process CPU time of one measured round. */
    private record Measure(long wallStart, double cpuStart) {
        static Measure start() {
            return new Measure(System.nanoTime(), cpuSeconds());
        }

        void report(String what, int proposals, int changesEach) {
            double s = (System.nanoTime() - wallStart) / 1e9;
            double cpu = cpuSeconds() - cpuStart;
            long changes = (long) proposals * changesEach;
            System.out.printf("%s: %d in %.2f s = %.0f proposals/s = %.0f changes/s; CPU %.2f s = %.0f us/proposal"
                    + " = %.1f us/change; load %.1f%n", what, proposals, s, proposals / s, changes / s, cpu,
                    cpu * 1e6 / proposals, cpu * 1e6 / changes, loadAverage());
        }
    }

    /** CPU time of the whole process (all threads, JIT included): the machine may be shared. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void fill(Path dir, int port, int tasks, long snapshotInterval, int batch) throws Exception {
        MemoryStore store = new MemoryStore(new FakeClock());
        try (RaftNode node = RaftNode.start(config(dir, port, snapshotInterval), store)) {
            List<Service> services = new ArrayList<>();
            List<Task> all = new ArrayList<>(tasks);
            for (int made = 0; made < tasks; made += 1000) {
                Service s = RaftFixtures.service("svc-" + made);
                services.add(s);
                all.addAll(tasks(s, Math.min(1000, tasks - made)));
            }
            Measure m = Measure.start();
            for (Service s : services) {
                store.write(tx -> tx.create(Table.SERVICES, s));
            }
            int proposals = services.size();
            for (int from = 0; from < all.size(); from += batch) {
                store.batch(creates(all.subList(from, Math.min(all.size(), from + batch))), e -> {
                    throw e;
                });
                proposals++;
            }
            // The life of a task as the manager writes it: allocated, scheduled, then the agent's statuses.
            for (TaskState state : List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.RUNNING)) {
                for (int from = 0; from < all.size(); from += batch) {
                    List<Task> slice = all.subList(from, Math.min(all.size(), from + batch));
                    store.batch(slice.stream().<Consumer<Tx>>map(t -> tx -> {
                        Task current = tx.get(Table.TASKS, t.id()).orElseThrow();
                        tx.update(Table.TASKS, current.withStatus(Task.TaskStatus.of(null, state, state.wire())));
                    }).toList(), e -> {
                        throw e;
                    });
                    proposals++;
                }
            }
            m.report("fill (" + tasks + " tasks, 4 writes each)", proposals, batch);
            System.out.printf("store index %d, raft applied index %d%n", store.index(), node.appliedIndex());
        }
    }

    private static void restart(Path dir, int port) throws Exception {
        MemoryStore store = new MemoryStore(new FakeClock());
        long t0 = System.nanoTime();
        try (RaftNode node = RaftNode.start(config(dir, port, RaftConfig.DEFAULT_SNAPSHOT_INTERVAL), store)) {
            double s = (System.nanoTime() - t0) / 1e9;
            int tasks = store.<List<Task>>view(tx -> tx.all(Table.TASKS)).size();
            System.out.printf("restart: %.2f s (process CPU %.2f s) to a restored store of %d tasks (store index %d,"
                    + " leader %s); load %.1f%n", s, cpuSeconds(), tasks, store.index(), node.isLeader(),
                    loadAverage());
        }
    }
}
