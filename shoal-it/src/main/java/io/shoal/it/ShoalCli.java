package io.shoal.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The shoal CLI as a user runs it from a checkout, {@code bin/shoal <args>}, pointed at one
 * daemon through SHOAL_HOST. It never builds: the jar under test is the one Maven just made.
 */
public final class ShoalCli {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final String host;
    private final CommandRunner runner;

    public ShoalCli(ItEnvironment env, String host) {
        this.host = requireNonNull(host, "host");
        this.runner = new CommandRunner(
                List.of(env.repoRoot().resolve("bin/shoal").toString()),
                Map.of("SHOAL_HOST", host, "SHOAL_NO_BUILD", "1",
                        "JAVA_HOME", ItEnvironment.currentJava().getParent().getParent().toString()),
                List.of("DOCKER_HOST"),
                DEFAULT_TIMEOUT);
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
