package io.shoal.daemon.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Autolock with the real docker CLI against daemon processes (process executor): init --autolock
 * prints the key; a restarted manager is locked and refuses swarm calls with dockerd's message until
 * the right key unlocks it; turning autolock off, rotating the key, and a second manager that gets
 * the data key from the first and decrypts the replicated log.
 */
@Tag("autolock")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutolockIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LOCKED = "Swarm is encrypted and needs to be unlocked before it can be used. "
            + "Please use \"docker swarm unlock\" to unlock it.";
    private static final String SECRET_LABEL = "autolock-label-value-5e1f";
    private static final Pattern KEY = Pattern.compile("SWMKEY-1-[A-Za-z0-9+/]+");
    private DaemonProcess first;
    private DaemonProcess second;
    private String unlockKey;

    @BeforeAll
    void startNodes() {
        first = new DaemonProcess("al-first", "127.0.0.61", List.of("--executor", "process"));
        second = new DaemonProcess("al-second", "127.0.0.62", List.of("--executor", "process"));
        List.of(first, second).parallelStream().forEach(d -> d.start());
    }

    @AfterAll
    void stopNodes() {
        for (DaemonProcess d : new ArrayList<>(List.of(second, first))) {
            if (d != null) {
                d.close();
            }
        }
    }

    private Command.Result ok(DaemonProcess d, String... args) {
        return ClusterChecks.ok(d, args);
    }


    /** {@code docker swarm unlock} with the key on its stdin, as from a pipe. */
    private Command.Result unlock(DaemonProcess d, String key) {
        return Command.run(List.of("sh", "-c", "printf '%s\\n' \"$KEY\" | \"$DOCKER\" -H \"$HOST\" swarm unlock"),
                Map.of("KEY", key, "DOCKER", DaemonProcess.DOCKER.toString(), "HOST", d.host(),
                        "DOCKER_CONFIG", d.dockerConfig.toString()), DaemonProcess.CLI_TIMEOUT);
    }

    private static String key(String out) {
        Matcher m = KEY.matcher(out);
        assertThat(m.find()).as("an unlock key in:\n%s", out).isTrue();
        return m.group();
    }

    private String swarmState(DaemonProcess d) {
        return ok(d, "info", "--format", "{{.Swarm.LocalNodeState}}").out().strip();
    }

    private void restart(DaemonProcess d) {
        d.stop();
        d.start();
    }

    /** The Raft log and snapshots (the agent's own task files, as SwarmKit's, are not encrypted). */
    private static Path raftDir(DaemonProcess d) {
        return d.dataDir.resolve("swarm/raft");
    }

    /** Whether any file under {@code dir} holds {@code text}. */
    private static List<Path> filesHolding(Path dir, String text) {
        byte[] needle = text.getBytes(UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                try {
                    byte[] hay = Files.readAllBytes(p);
                    outer:
                    for (int i = 0; i + needle.length <= hay.length; i++) {
                        for (int j = 0; j < needle.length; j++) {
                            if (hay[i + j] != needle[j]) {
                                continue outer;
                            }
                        }
                        return true;
                    }
                    return false;
                } catch (IOException e) {
                    return false; // a file Ratis just rotated away
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void initWithAutolockPrintsTheKeyAndARestartComesUpLocked() {
        Command.Result init = ok(first, "swarm", "init", "--autolock");
        unlockKey = key(init.out());
        assertThat(init.out()).contains("To unlock a swarm manager after it restarts");
        assertThat(ok(first, "swarm", "unlock-key", "-q").out().strip()).isEqualTo(unlockKey);
        ok(first, "service", "create", "--name", "locked-web", "--replicas", "2", "--label", "secret=" + SECRET_LABEL,
                "--detach", "busybox", "sleep", "600");
        assertThat(ok(first, "info", "--format", "{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}").out())
                .contains("true");

        restart(first);
        assertThat(swarmState(first)).isEqualTo("locked");
        Command.Result refused = first.docker("service", "ls");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains(LOCKED);
        assertThat(first.docker("node", "ls").err()).contains(LOCKED);

        Command.Result wrong = unlock(first, "SWMKEY-1-" + "A".repeat(43));
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("invalid key");
        assertThat(swarmState(first)).isEqualTo("locked");

        Command.Result right = unlock(first, unlockKey);
        assertThat(right.exit()).as("%s", right).isZero();
        assertThat(swarmState(first)).isEqualTo("active");
        assertThat(ok(first, "service", "ls", "--format", "{{.Name}}").out()).contains("locked-web");
        assertThat(ok(first, "service", "inspect", "locked-web", "--format", "{{index .Spec.Labels \"secret\"}}")
                .out().strip()).isEqualTo(SECRET_LABEL);
        assertThat(filesHolding(raftDir(first), SECRET_LABEL)).as("the label is encrypted on disk").isEmpty();
        assertThat(filesHolding(first.dataDir, unlockKey)).as("the unlock key is not on disk in clear").isEmpty();
        assertThat(filesHolding(first.dataDir, "BEGIN PRIVATE KEY")).as("the TLS key is sealed").isEmpty();
    }

    @Test
    @Order(2)
    void rotatingTheKeyRetiresTheOldOne() {
        Command.Result rotated = ok(first, "swarm", "unlock-key", "--rotate");
        String newKey = key(rotated.out());
        assertThat(newKey).isNotEqualTo(unlockKey);
        // each manager re-seals on seeing the change: give it a moment before the restart
        await().atMost(WAIT).pollDelay(Duration.ofSeconds(2)).until(() -> true);
        restart(first);
        assertThat(swarmState(first)).isEqualTo("locked");
        assertThat(unlock(first, unlockKey).exit()).as("the old key").isNotZero();
        assertThat(unlock(first, newKey).exit()).as("the new key").isZero();
        unlockKey = newKey;
        assertThat(ok(first, "service", "ls", "--format", "{{.Name}}").out()).contains("locked-web");
    }

    @Test
    @Order(3)
    void aSecondManagerGetsTheDataKeyAndItsReplicaDecrypts() {
        String token = ok(first, "swarm", "join-token", "-q", "manager").out().strip();
        ok(second, "swarm", "join", "--token", token, first.clusterAddr());
        await().atMost(WAIT).untilAsserted(() -> assertThat(second.docker("service", "inspect", "locked-web",
                "--format", "{{index .Spec.Labels \"secret\"}}").out().strip()).isEqualTo(SECRET_LABEL));
        // the joined manager seals its own keys too once its replica shows autolock
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(filesHolding(second.dataDir, "BEGIN PRIVATE KEY")).isEmpty());
        assertThat(filesHolding(raftDir(second), SECRET_LABEL)).isEmpty();
        restart(second);
        assertThat(swarmState(second)).isEqualTo("locked");
        assertThat(unlock(second, unlockKey).exit()).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(swarmState(second)).isEqualTo("active"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(second.docker("service", "ls", "--format", "{{.Name}}")
                .out()).contains("locked-web"));
    }

    @Test
    @Order(4)
    void autolockOffThenARestartComesUpUnlocked() {
        Command.Result off = ok(first, "swarm", "update", "--autolock=false");
        assertThat(off.out()).contains("Swarm updated.");
        Command.Result none = first.docker("swarm", "unlock-key");
        assertThat(none.exit()).isNotZero();
        assertThat(none.err()).contains("no unlock key is set");
        await().atMost(WAIT).untilAsserted(() -> assertThat(filesHolding(first.dataDir, "BEGIN PRIVATE KEY"))
                .isNotEmpty());
        restart(first);
        await().atMost(WAIT).untilAsserted(() -> assertThat(swarmState(first)).isEqualTo("active"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.docker("service", "ls", "--format", "{{.Name}}")
                .out()).contains("locked-web"));
        assertThat(filesHolding(raftDir(first), SECRET_LABEL)).as("the log stays encrypted").isEmpty();
    }
}
