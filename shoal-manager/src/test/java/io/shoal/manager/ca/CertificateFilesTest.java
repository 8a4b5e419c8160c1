package io.shoal.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.NodeRole;
import io.shoal.api.time.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void aNodesCertificatesSurviveARoundTripThroughItsDataDirectory(@TempDir Path dir) throws Exception {
        RootCa ca = RootCa.generate(clock);
        NodeCertificate cert = ca.issueWithNewKey("node1", NodeRole.MANAGER, "c1", Duration.ofDays(90));
        Path certs = dir.resolve("certificates");

        assertThat(CertificateFiles.read(certs)).isEmpty();
        CertificateFiles.write(certs, cert, ca.certPem());

        CertificateFiles.Stored stored = CertificateFiles.read(certs).orElseThrow();
        assertThat(stored.certificate()).isEqualTo(cert);
        assertThat(stored.rootCaPem()).isEqualTo(ca.certPem());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve(CertificateFiles.NODE_KEY))))
                .isEqualTo("rw-------");
        assertThat(Files.list(certs).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("swarm-node.crt", "swarm-node.key", "swarm-root-ca.crt");

        // a renewal replaces the pair
        clock.advance(Duration.ofDays(50));
        NodeCertificate renewed = ca.issueWithNewKey("node1", NodeRole.MANAGER, "c1", Duration.ofDays(90));
        CertificateFiles.write(certs, renewed, ca.certPem());
        assertThat(CertificateFiles.read(certs).orElseThrow().certificate()).isEqualTo(renewed);
    }
}
