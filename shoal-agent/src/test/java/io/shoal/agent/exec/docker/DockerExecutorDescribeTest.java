package io.shoal.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.agent.exec.ExecException;
import io.shoal.api.time.SystemClock;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerExecutorDescribeTest {
    @TempDir
    Path dir;

    @Test
    void anEngineThatAcceptsButNeverAnswersFailsTheDescriptionTemporarilyInsteadOfHangingIt() throws Exception {
        Path socket = dir.resolve("wedged.sock");
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel wedged = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            wedged.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(wedged.accept()); // read nothing, answer nothing
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            try (DockerExecutor executor = new DockerExecutor("unix://" + socket, "n1", new SystemClock(), 1,
                    Duration.ofSeconds(1), Duration.ofMillis(500))) {
                long started = System.nanoTime();
                assertThatThrownBy(executor::describe).isInstanceOfSatisfying(ExecException.class,
                        e -> assertThat(e.isTemporary()).isTrue()).hasMessageContaining("no answer to docker info");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            } finally {
                wedged.close();
                acceptor.join(5_000);
                for (SocketChannel c : held) {
                    c.close();
                }
            }
        }
    }
}
