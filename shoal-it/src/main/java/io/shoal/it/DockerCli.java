package io.shoal.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The real docker CLI pointed at one endpoint (a Shoal daemon or the Docker Engine) with
 * {@code -H}. A private, empty config folder keeps the user's contexts and settings out.
 */
public final class DockerCli {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final String host;
    private final CommandRunner runner;

    public DockerCli(Path binary, String host, Path configDir) {
        this.host = requireNonNull(host, "host");
        this.runner = new CommandRunner(
                List.of(binary.toString(), "-H", host),
                Map.of("DOCKER_CONFIG", configDir.toString(), "DOCKER_CLI_HINTS", "false"),
                List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_API_VERSION"),
                DEFAULT_TIMEOUT);
    }

    /** The docker CLI of this environment against {@code host}. */
    public static DockerCli against(ItEnvironment env, String host) {
        try {
            Path config = Files.createDirectories(env.logDir().resolve("docker-config"));
            return new DockerCli(env.dockerCli(), host, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The docker CLI against the test Docker Engine itself (not Shoal). */
    public static DockerCli engine(ItEnvironment env) {
        return against(env, env.engineHost());
    }

    public String host() {
        return host;
    }

    public CommandResult run(String... args) {
        return runner.run(args);
    }

    public CommandResult run(Duration timeout, String... args) {
        return runner.run(timeout, args);
    }
}
