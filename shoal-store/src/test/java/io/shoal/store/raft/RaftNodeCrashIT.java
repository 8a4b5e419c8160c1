package io.shoal.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Service;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives kill -9 of the manager process. */
class RaftNodeCrashIT {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        InetSocketAddress address = RaftFixtures.freeLoopbackAddress();
        Map<String, Long> acked = new LinkedHashMap<>();
        Process writer = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString(), "m1", Integer.toString(address.getPort()), "100000"))
                .redirectError(dir.resolve("writer.log").toFile())
                .start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = lines.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[0].equals("acked")) {
                    acked.put(f[1], Long.parseLong(f[2]));
                }
                if (!killed && acked.size() >= ACKS_BEFORE_KILL) {
                    // SIGKILL (no shutdown hook, no close); through the handle, so the pipe stays
                    // open for the acknowledgements still in it.
                    writer.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            assertThat(killed).as("the writer acknowledged %d writes before it ended", acked.size()).isTrue();
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).isEqualTo(137); // 128 + SIGKILL

        MemoryStore store = new MemoryStore(new FakeClock());
        try (RaftNode node = RaftNode.start(RaftConfig.singleNode(dir, "m1", address), store)) {
            assertThat(node.isLeader()).isTrue();
            for (Map.Entry<String, Long> a : acked.entrySet()) {
                Service s = store.view(tx -> tx.get(Table.SERVICES, a.getKey()))
                        .orElseThrow(() -> new AssertionError("acknowledged write of " + a.getKey() + " lost"));
                assertThat(s.version().index()).isEqualTo(a.getValue());
            }
            long lastAcked = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(store.index()).isGreaterThanOrEqualTo(lastAcked);
            // Writes go on after the crash, above everything that was there.
            store.write(tx -> tx.create(Table.SERVICES, RaftFixtures.service("after-crash")));
            assertThat(store.index()).isGreaterThan(lastAcked);
        }
    }
}
