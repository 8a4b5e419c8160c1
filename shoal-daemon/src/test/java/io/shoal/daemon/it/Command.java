package io.shoal.daemon.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion (bounded), capturing its output through files so it never blocks on a pipe. */
final class Command {
    /** What a finished program left: exit code, stdout, stderr. */
    record Result(List<String> command, int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** Both streams, as a person at a terminal would see them. */
        String all() {
            return out + err;
        }

        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Command() {}

    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            File out = File.createTempFile("shoal-it-out", ".txt");
            File err = File.createTempFile("shoal-it-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out).redirectError(err);
                pb.environment().keySet().removeIf(k -> k.startsWith("DOCKER_"));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(command, -1, read(out), read(err) + "\n(killed after " + timeout + ")");
                }
                return new Result(command, p.exitValue(), read(out), read(err));
            } finally {
                out.delete();
                err.delete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(File f) throws IOException {
        return Files.readString(Path.of(f.getPath()), StandardCharsets.UTF_8);
    }
}
