package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.crypto.DataKey;
import io.shoal.store.crypto.UnlockKey;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutolockKeeperTest {
    @TempDir
    Path swarm;
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final AtomicBoolean caughtUp = new AtomicBoolean(true);

    private AutolockKeeper keeper() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(InitRequest.defaults(), "node1", null, "10.0.0.5", clock);
        CertificateFiles.write(Membership.certDir(swarm), b.certificate(), b.cluster().rootCa().caCert());
        store.write(tx -> tx.create(Table.CLUSTERS, b.cluster()));
        DataKey dek = ManagerKeys.create(swarm);
        return new AutolockKeeper(swarm, store, caughtUp::get, clock, dek, null);
    }

    private void autolock(UnlockKey key) {
        store.write(tx -> {
            Cluster c = tx.cluster().orElseThrow();
            Cluster.SwarmSpec s = c.spec();
            tx.update(Table.CLUSTERS, c.withSpec(new Cluster.SwarmSpec(s.name(), s.labels(), s.orchestration(),
                    s.raft(), s.dispatcher(), s.caConfig(), new Cluster.EncryptionConfig(true), s.taskDefaults()))
                    .withUnlockKey(key.text()));
        });
    }

    @Test
    void theKeysFollowTheUnlockKeyTheReplicaShows() {
        AutolockKeeper keeper = keeper();
        UnlockKey first = UnlockKey.generate();
        autolock(first);
        keeper.check();
        assertThat(keeper.sealedWith()).isEqualTo(first);
        assertThat(ManagerKeys.open(swarm, first).dataKey()).isEqualTo(keeper.dataKey());

        UnlockKey rotated = UnlockKey.generate();
        autolock(rotated);
        keeper.check();
        assertThat(ManagerKeys.open(swarm, rotated).dataKey()).isEqualTo(keeper.dataKey());
        assertThatThrownBy(() -> ManagerKeys.open(swarm, first)).isInstanceOf(ManagerKeys.InvalidKey.class);
    }

    @Test
    void aReplicaThatIsNotCaughtUpSealsNothing() {
        AutolockKeeper keeper = keeper();
        // a manager replaying its log passes through a state whose unlock key was rotated away since
        caughtUp.set(false);
        autolock(UnlockKey.generate());
        keeper.check();
        assertThat(keeper.sealedWith()).isNull();
        assertThat(ManagerKeys.sealed(swarm)).isFalse();

        caughtUp.set(true);
        UnlockKey current = UnlockKey.generate();
        autolock(current);
        keeper.check();
        assertThat(keeper.sealedWith()).isEqualTo(current);
        assertThat(ManagerKeys.open(swarm, current).dataKey()).isEqualTo(keeper.dataKey());
    }
}
