package io.shoal.store.raft;

import io.shoal.api.Ids;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Measures the replicated store on a one-member group (not a test; run by hand, one mode per JVM
 * so restarts are measured cold, as a restarted manager is):
 * <pre>
 *   throughput DIR PORT                       sequential 1-change and 200-change proposals per second
 *   fill DIR PORT TASKS SNAPSHOT_INTERVAL BATCH   creates TASKS tasks, BATCH per proposal, then closes
 *   restart DIR PORT                          times start() until the store is restored
 * </pre>
 */
final class RaftBenchmark {
    private RaftBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "throughput" -> throughput(dir, port);
            case "fill" -> fill(dir, port, Integer.parseInt(args[3]), Long.parseLong(args[4]),
                    Integer.parseInt(args[5]));
            case "restart" -> restart(dir, port);
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
            singles(store, svc, 500); // warm-up
            for (int round = 0; round < 3; round++) {
                int n = 2000;
                long t0 = System.nanoTime();
                double c0 = cpuSeconds();
                singles(store, svc, n);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("1-change proposals: %d in %.2f s = %.0f proposals/s (CPU %.2f s)%n", n, s, n / s,
                        cpuSeconds() - c0);
            }
            batches(store, svc, 20); // warm-up
            for (int round = 0; round < 3; round++) {
                int n = 100;
                long t0 = System.nanoTime();
                double c0 = cpuSeconds();
                batches(store, svc, n);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("200-change proposals: %d in %.2f s = %.1f proposals/s = %.0f changes/s"
                        + " (CPU %.2f s)%n", n, s, n / s, n * 200 / s, cpuSeconds() - c0);
            }
            System.out.printf("store index %d, raft applied index %d, tasks %d%n", store.index(), node.appliedIndex(),
                    store.<List<Task>>view(tx -> tx.tasksOfService(svc.id())).size());
        }
    }

    /** CPU time of the whole process (all threads, JIT included): the machine may be shared. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static void singles(MemoryStore store, Service svc, int n) {
        for (int i = 0; i < n; i++) {
            Task t = task(svc, i);
            store.write(tx -> tx.create(Table.TASKS, t));
        }
    }

    private static void batches(MemoryStore store, Service svc, int n) {
        for (int i = 0; i < n; i++) {
            List<Consumer<io.shoal.store.Tx>> writes = new ArrayList<>(200);
            for (int j = 0; j < 200; j++) {
                Task t = task(svc, j);
                writes.add(tx -> tx.create(Table.TASKS, t));
            }
            store.batch(writes, e -> {
                throw e;
            });
        }
    }

    private static Task task(Service svc, long slot) {
        return RaftFixtures.task(svc, slot).withNodeId(Ids.newId());
    }

    private static void fill(Path dir, int port, int tasks, long snapshotInterval, int batch) throws Exception {
        MemoryStore store = new MemoryStore(new FakeClock());
        try (RaftNode node = RaftNode.start(config(dir, port, snapshotInterval), store)) {
            long t0 = System.nanoTime();
            int made = 0;
            Service svc = null;
            while (made < tasks) {
                if (made % 1000 == 0) {
                    Service s = RaftFixtures.service("svc-" + made);
                    store.write(tx -> tx.create(Table.SERVICES, s));
                    svc = s;
                }
                int k = Math.min(batch, tasks - made);
                List<Consumer<io.shoal.store.Tx>> writes = new ArrayList<>(k);
                for (int j = 0; j < k; j++) {
                    Task t = task(svc, made + j);
                    writes.add(tx -> tx.create(Table.TASKS, t));
                }
                store.batch(writes, e -> {
                    throw e;
                });
                made += k;
            }
            System.out.printf("filled %d tasks in %.1f s; store index %d, raft applied index %d%n", tasks,
                    (System.nanoTime() - t0) / 1e9, store.index(), node.appliedIndex());
        }
    }

    private static void restart(Path dir, int port) throws Exception {
        MemoryStore store = new MemoryStore(new FakeClock());
        long t0 = System.nanoTime();
        try (RaftNode node = RaftNode.start(config(dir, port, RaftConfig.DEFAULT_SNAPSHOT_INTERVAL), store)) {
            double s = (System.nanoTime() - t0) / 1e9;
            int tasks = store.<List<Task>>view(tx -> tx.all(Table.TASKS)).size();
            System.out.printf("restart: %.2f s (process CPU %.2f s) to a restored store of %d tasks (store index %d,"
                    + " leader %s)%n", s, cpuSeconds(), tasks, store.index(), node.isLeader());
        }
    }
}
