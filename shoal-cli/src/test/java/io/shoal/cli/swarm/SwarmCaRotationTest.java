package io.shoal.cli.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.time.FakeClock;
import io.shoal.cli.CliRunner;
import io.shoal.cli.FakeDaemon;
import io.shoal.cli.FakeDaemon.Answer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SwarmCaRotationTest {
    private static final String ROOT = "-----BEGIN CERTIFICATE-----\\nNEW\\n-----END CERTIFICATE-----\\n";

    private static String swarm(boolean rotating) {
        return "{\"ID\":\"c\",\"Version\":{\"Index\":9},\"Spec\":{\"CAConfig\":{\"ForceRotate\":1}},\"TLSInfo\":{\"TrustRoot\":\""
                + ROOT + "\",\"CertIssuerSubject\":\"NEWSUBJ\",\"CertIssuerPublicKey\":\"NEWKEY\"},\"RootRotationInProgress\":"
                + rotating + "}";
    }

    private static String node(String id, String subject, String root) {
        return "{\"ID\":\"" + id + "\",\"Description\":{\"TLSInfo\":{\"TrustRoot\":\"" + root + "\",\"CertIssuerSubject\":\""
                + subject + "\",\"CertIssuerPublicKey\":\"" + (subject.equals("NEWSUBJ") ? "NEWKEY" : "OLDKEY") + "\"}}}";
    }

    @Test
    void rotationBumpsForceRotateThenWaitsForEveryNode() throws IOException {
        FakeClock clock = new FakeClock();
        AtomicInteger swarmReads = new AtomicInteger();
        AtomicInteger nodeReads = new AtomicInteger();
        try (FakeDaemon daemon = new FakeDaemon(clock)) {
            daemon.route("POST", "/swarm/update", Answer.empty());
            daemon.route("GET", "/swarm", "", r -> Answer.json(swarm(swarmReads.incrementAndGet() < 4)));
            daemon.route("GET", "/nodes", "", r -> Answer.json(switch (nodeReads.incrementAndGet()) {
                case 1 -> "[" + node("a", "OLD", "OLDROOT") + "," + node("b", "OLD", "OLDROOT") + "]";
                case 2 -> "[" + node("a", "NEWSUBJ", "OLDROOT") + "," + node("b", "NEWSUBJ", "OLDROOT") + "]";
                default -> "[" + node("a", "NEWSUBJ", ROOT) + "," + node("b", "NEWSUBJ", ROOT) + "]";
            }));

            CliRunner.Result r = new CliRunner(daemon, clock).run("swarm", "ca", "--rotate");

            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("desired root digest: \n  rotated TLS certificates: \n"
                    + "  rotated CA certificates:  \ndesired root digest: sha256:")
                    .endsWith("-----BEGIN CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----\n");
            assertThat(daemon.requests().get(2).body()).contains("\"ForceRotate\":2");
            assertThat(daemon.calls()).startsWith("GET /v1.50/swarm",
                    "POST /v1.50/swarm/update?rotateManagerToken=false&rotateManagerUnlockKey=false&rotateWorkerToken=false&version=9");
            // the third poll sees every node on the new root once the rotation is no longer in progress
            assertThat(nodeReads.get()).isEqualTo(3);
        }
    }
}
