package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.time.FakeClock;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.store.crypto.DataKey;
import io.shoal.store.crypto.UnlockKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerKeysTest {
    @TempDir
    Path swarm;
    private String keyPem;

    @BeforeEach
    void certificates() {
        ClusterBootstrap.Bootstrap b = ClusterBootstrap.init(InitRequest.defaults(), "node1", null, "10.0.0.5",
                new FakeClock());
        CertificateFiles.write(Membership.certDir(swarm), b.certificate(), b.cluster().rootCa().caCert());
        keyPem = b.certificate().keyPem();
    }

    private String tlsKeyFile() throws IOException {
        return Files.readString(ManagerKeys.tlsKeyFile(swarm));
    }

    @Test
    void withoutAutolockBothKeysAreInClearOwnerOnlyAndOpenWithoutAKey() throws IOException {
        DataKey dek = ManagerKeys.create(swarm);
        assertThat(ManagerKeys.sealed(swarm)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ManagerKeys.dekFile(swarm))))
                .isEqualTo("rw-------");
        ManagerKeys.Opened o = ManagerKeys.open(swarm, null);
        assertThat(o.dataKey()).isEqualTo(dek);
        assertThat(o.identity().nodeId()).isEqualTo("node1");
        assertThat(tlsKeyFile()).isEqualTo(keyPem);
    }

    @Test
    void sealedKeysRevealNothingAndOpenOnlyWithTheUnlockKey() throws IOException {
        DataKey dek = ManagerKeys.create(swarm);
        UnlockKey unlock = UnlockKey.generate();
        ManagerKeys.seal(swarm, dek, null, unlock);

        assertThat(ManagerKeys.sealed(swarm)).isTrue();
        assertThat(ManagerKeys.tlsKeyInClear(swarm)).isFalse();
        assertThat(tlsKeyFile()).doesNotContain("PRIVATE KEY").doesNotContain(keyPem.lines().skip(1).findFirst()
                .orElseThrow());
        assertThat(Files.readString(ManagerKeys.dekFile(swarm)))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(dek.bytes()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ManagerKeys.tlsKeyFile(swarm))))
                .isEqualTo("rw-------");

        assertThatThrownBy(() -> ManagerKeys.open(swarm, null)).isInstanceOf(ManagerKeys.Locked.class);
        assertThatThrownBy(() -> ManagerKeys.open(swarm, UnlockKey.generate()))
                .isInstanceOf(ManagerKeys.InvalidKey.class).hasMessage(ManagerKeys.INVALID_KEY);
        ManagerKeys.Opened o = ManagerKeys.open(swarm, UnlockKey.parse(unlock.text()));
        assertThat(o.dataKey()).isEqualTo(dek);
        assertThat(o.identity().certificate().keyPem()).isEqualTo(keyPem);
    }

    @Test
    void rotationResealsWithTheNewKeyAndTurningAutolockOffWritesThemInClear() throws IOException {
        DataKey dek = ManagerKeys.create(swarm);
        UnlockKey first = UnlockKey.generate();
        UnlockKey second = UnlockKey.generate();
        ManagerKeys.seal(swarm, dek, null, first);
        ManagerKeys.seal(swarm, dek, first, second);
        assertThatThrownBy(() -> ManagerKeys.open(swarm, first)).isInstanceOf(ManagerKeys.InvalidKey.class);
        assertThat(ManagerKeys.open(swarm, second).dataKey()).isEqualTo(dek);

        ManagerKeys.seal(swarm, dek, second, null);
        assertThat(ManagerKeys.sealed(swarm)).isFalse();
        assertThat(tlsKeyFile()).isEqualTo(keyPem);
        assertThat(ManagerKeys.open(swarm, null).dataKey()).isEqualTo(dek);
    }

    @Test
    void aTamperedSealedFileDoesNotOpen() throws IOException {
        DataKey dek = ManagerKeys.create(swarm);
        UnlockKey unlock = UnlockKey.generate();
        ManagerKeys.seal(swarm, dek, null, unlock);
        String line = Files.readString(ManagerKeys.dekFile(swarm)).strip();
        char last = line.charAt(line.length() - 3);
        Files.writeString(ManagerKeys.dekFile(swarm),
                line.substring(0, line.length() - 3) + (last == 'A' ? 'B' : 'A') + line.substring(line.length() - 2));
        assertThatThrownBy(() -> ManagerKeys.open(swarm, unlock)).isInstanceOf(ManagerKeys.InvalidKey.class);
    }
}
