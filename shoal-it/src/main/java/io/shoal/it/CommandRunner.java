package io.shoal.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs an external program (the docker CLI, the shoal CLI) with fixed leading arguments and
 * environment, no standard input, and a time limit; captures both output streams.
 */
public final class CommandRunner {
    private final List<String> prefix;
    private final Map<String, String> env;
    private final List<String> unsetEnv;
    private final Duration defaultTimeout;

    public CommandRunner(List<String> prefix, Map<String, String> env, List<String> unsetEnv, Duration defaultTimeout) {
        this.prefix = List.copyOf(requireNonNull(prefix, "prefix"));
        this.env = Map.copyOf(requireNonNull(env, "env"));
        this.unsetEnv = List.copyOf(requireNonNull(unsetEnv, "unsetEnv"));
        this.defaultTimeout = requireNonNull(defaultTimeout, "defaultTimeout");
    }

    public CommandResult run(String... args) {
        return run(defaultTimeout, args);
    }

    public CommandResult run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("shoal-it-out-", ".txt");
            err = Files.createTempFile("shoal-it-err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            unsetEnv.forEach(pb.environment()::remove);
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new CommandResult(command, done ? p.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    !done, took);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
