package io.shoal.agent.exec;

import io.shoal.agent.exec.docker.DockerExecutor;
import io.shoal.agent.exec.process.ProcessExecutor;
import io.shoal.agent.exec.sim.SimExecutor;
import io.shoal.api.time.Clock;
import io.shoal.api.time.SystemClock;
import java.nio.file.Path;

/** Makes the executor a node is configured with: {@code docker}, {@code process} or {@code sim}. */
public final class Executors {
    private Executors() {}

    /**
     * With a wall clock of its own (one timer thread, closed with the executor). Many executors in
     * one JVM (simulated nodes) should share one clock: use the overload that takes it.
     */
    public static Executor create(String kind, String dockerHost, Path stateDir, String hostname) {
        SystemClock clock = new SystemClock();
        try {
            return new ClosingClock(create(kind, dockerHost, stateDir, hostname, clock), clock);
        } catch (RuntimeException e) {
            clock.close();
            throw e;
        }
    }

    public static Executor create(String kind, String dockerHost, Path stateDir, String hostname, Clock clock) {
        return switch (kind) {
            case "docker" -> new DockerExecutor(dockerHost, hostname, clock);
            case "process" -> new ProcessExecutor(stateDir, hostname, clock);
            case "sim" -> new SimExecutor(hostname, HostFacts.resources(), clock, null);
            default -> throw new IllegalArgumentException(
                    "unknown executor \"" + kind + "\": want docker, process or sim");
        };
    }

    /** True if a Docker Engine answers at {@code dockerHost} (e.g. unix:///run/shoal-dockerd/docker.sock). */
    public static boolean dockerAnswers(String dockerHost) {
        return dockerHost != null && DockerExecutor.answers(dockerHost);
    }

    /** An executor that also stops the clock made for it. */
    private record ClosingClock(Executor executor, SystemClock clock) implements ForwardingExecutor {
        @Override
        public void close() {
            try {
                executor.close();
            } finally {
                clock.close();
            }
        }
    }
}
