package io.shoal.agent.exec.process;

import io.shoal.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where one task's process keeps its state: {@code <stateDir>/process/<taskID>/}. The process writes
 * its output straight into {@code stdout.raw}/{@code stderr.raw} (so it outlives the daemon); a pump
 * turns that into timestamped lines in {@code task.log}. {@code process.json} identifies the process
 * (PID and start time, against PID reuse) for re-adoption.
 */
record TaskFiles(Path dir) {
    /** How often {@link #deleteAll} walks the folder again when a file appeared during a walk. */
    private static final int DELETE_ATTEMPTS = 5;

    /** The running process: PID plus the start time the OS reported, which tells a reused PID apart. */
    record ProcessRecord(long pid, Instant startedAt) {}

    Path stdoutRaw() {
        return dir.resolve("stdout.raw");
    }

    Path stderrRaw() {
        return dir.resolve("stderr.raw");
    }

    Path log() {
        return dir.resolve("task.log");
    }

    Path done() {
        return dir.resolve("log.done");
    }

    Path offsets() {
        return dir.resolve("offsets");
    }

    void create() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<ProcessRecord> process() {
        Path f = dir.resolve("process.json");
        try {
            return Files.exists(f) ? Optional.of(Json.read(Files.readAllBytes(f), ProcessRecord.class)) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    void saveProcess(ProcessRecord r) {
        writeAtomically(dir.resolve("process.json"), Json.writeBytes(r));
    }

    Optional<Integer> exitCode() {
        Path f = dir.resolve("exit-code");
        try {
            return Files.exists(f)
                    ? Optional.of(Integer.parseInt(Files.readString(f, StandardCharsets.US_ASCII).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void saveExitCode(int code) {
        writeAtomically(dir.resolve("exit-code"), Integer.toString(code).getBytes(StandardCharsets.US_ASCII));
    }

    long[] loadOffsets() {
        try {
            if (Files.exists(offsets())) {
                String[] p = Files.readString(offsets(), StandardCharsets.US_ASCII).strip().split(" ");
                return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
            }
        } catch (IOException | RuntimeException e) {
            // start over: a few lines may repeat
        }
        return new long[] {0, 0};
    }

    void saveOffsets(long out, long err) {
        writeAtomically(offsets(), (out + " " + err).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Deletes the task's folder. A writer that was just stopped (a health check's last result) may
     * still add a file while the folder is walked: the walk is then made again, a few times.
     */
    void deleteAll() {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                if (attempt == DELETE_ATTEMPTS) {
                    throw new UncheckedIOException("cannot delete " + dir + ": files keep appearing in it", e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dir, e);
            }
        }
    }


    static void writeAtomically(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
