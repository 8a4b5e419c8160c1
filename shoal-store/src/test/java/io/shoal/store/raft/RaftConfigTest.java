package io.shoal.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftConfigTest {
    private final Path dir = Path.of("/var/lib/shoal");
    private final InetSocketAddress address = new InetSocketAddress("127.0.0.1", 2378);
    private final RaftConfig single = RaftConfig.singleNode(dir, "m1", address);

    @Test
    void aSingleNodeHasSwarmKitsDefaults() {
        assertThat(single.snapshotInterval()).isEqualTo(10_000);
        assertThat(single.electionTimeoutMin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(single.electionTimeoutMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(single.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(single.logSegmentSize()).isEqualTo(8L << 20);
        assertThat(single.tls()).isNull();
        assertThat(single.initialPeers()).containsExactly(single.self());
        assertThat(new RaftConfig(dir, "m1", address, List.of(), 5, Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofSeconds(1)).logSegmentSize()).isEqualTo(RaftConfig.DEFAULT_LOG_SEGMENT_SIZE);
    }

    @Test
    void initialPeersSayWhetherANewMemberStartsAGroupOrJoinsOne() {
        RaftPeer other = new RaftPeer("m2", new InetSocketAddress("127.0.0.1", 2379));
        assertThat(single.bootstraps()).isTrue();
        assertThat(single.bootstrapPeers()).containsExactly(single.self());
        assertThat(single.withInitialPeers(List.of()).bootstrapPeers()).containsExactly(single.self());
        assertThat(single.withInitialPeers(List.of(single.self(), other)).bootstrapPeers())
                .containsExactly(single.self(), other);
        assertThat(single.withInitialPeers(List.of(other)).bootstraps()).isFalse();
        assertThat(single.withInitialPeers(List.of(other)).bootstrapPeers()).isEmpty();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> single.withSnapshotInterval(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single.withElectionTimeout(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single.withElectionTimeout(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single.withRequestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single.withLogSegmentSize(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RaftConfig.singleNode(dir, " ", address)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single.withInitialPeers(
                List.of(new RaftPeer("m1", new InetSocketAddress("127.0.0.1", 9999)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listens on");
    }
}
