package io.shoal.store.raft;

import io.shoal.api.Service;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The process {@link RaftNodeCrashIT} kills: a one-member group that writes services one by one
 * and prints "acked ID INDEX" after each write returned. Stops by itself after {@code maxWrites}.
 * Arguments: dataDir memberId port maxWrites.
 */
final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String memberId = args[1];
        int port = Integer.parseInt(args[2]);
        int maxWrites = Integer.parseInt(args[3]);
        PrintStream out = System.out;
        MemoryStore store = new MemoryStore(new FakeClock());
        RaftConfig config = RaftConfig.singleNode(dataDir, memberId, new InetSocketAddress("127.0.0.1", port));
        RaftNode node = RaftNode.start(config, store);
        out.println("started " + node.appliedIndex());
        out.flush();
        for (int i = 0; i < maxWrites; i++) {
            Service s = RaftFixtures.service("crash-" + i);
            store.write(tx -> tx.create(Table.SERVICES, s));
            out.println("acked " + s.id() + " " + store.index());
            out.flush();
        }
        node.close();
        out.println("done");
    }
}
