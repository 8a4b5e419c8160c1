package io.shoal.store.raft;

import io.shoal.api.Ids;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Objects and configurations for the Raft tests: loopback only, ports picked free. */
final class RaftFixtures {
    private RaftFixtures() {}

    static InetSocketAddress freeLoopbackAddress() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-member group in {@code dir}, with timeouts a loaded test machine still meets. */
    static RaftConfig singleNode(Path dir, String memberId) {
        return RaftConfig.singleNode(dir, memberId, freeLoopbackAddress())
                .withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000))
                .withRequestTimeout(Duration.ofSeconds(10));
    }

    static Service service(String name) {
        ServiceSpec spec = new ServiceSpec(name, Map.of("app", name),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("shoal-test/busybox:latest"), null, null, null, null, null,
                        null, null),
                ServiceSpec.Mode.ofReplicated(2), null, null, null);
        return new Service(Ids.newId(), Version.ZERO, null, null, spec, null, null, null, null, null, null, null);
    }

    static Task task(Service s, long slot) {
        return new Task(Ids.newId(), Version.ZERO, null, null, s.spec().labels(), s.spec().taskTemplate(), s.id(),
                slot, null, Task.TaskStatus.of(null, TaskState.NEW, "created"), TaskState.RUNNING, null, null, null);
    }
}
