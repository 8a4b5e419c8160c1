package io.shoal.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the integration tests find things. Maven's failsafe sets the system properties (see
 * shoal-it/pom.xml); the defaults let a test run from an IDE in the shoal-it folder.
 */
public record ItEnvironment(Path repoRoot, Path shoalJar, Path dockerCli, String engineHost, Path logDir) {

    public static final String DEFAULT_ENGINE = "unix:///run/shoal-dockerd/docker.sock";

    public static ItEnvironment fromSystem() {
        Path root = Path.of(System.getProperty("shoal.root", "..")).toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("shoal.jar", root.resolve("shoal-daemon/target/shoal.jar").toString()));
        Path docker = Path.of(System.getProperty("shoal.docker.cli", "/usr/local/bin/docker"));
        if (!Files.isExecutable(docker)) {
            docker = Path.of("/usr/bin/docker");
        }
        String engine = System.getenv().getOrDefault("DOCKER_HOST", DEFAULT_ENGINE);
        if (!engine.startsWith("unix://")) {
            engine = DEFAULT_ENGINE; // tests only talk to a local engine over its unix socket
        }
        Path logs = Path.of(System.getProperty("shoal.it.logs", root.resolve("shoal-it/target/it-logs").toString()));
        return new ItEnvironment(root, jar, docker, engine, logs);
    }

    /** JVM options bin/shoal also gives: let the jar's libraries use Unsafe and native code quietly. */
    public static List<String> jdkOptions() {
        return Runtime.version().feature() >= 24
                ? List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
                : List.of("--enable-native-access=ALL-UNNAMED");
    }

    /** The JVM running the tests (a JDK >= 21, since it runs this build). */
    public static Path currentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }
}
