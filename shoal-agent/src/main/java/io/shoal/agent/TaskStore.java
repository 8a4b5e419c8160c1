package io.shoal.agent;

import io.shoal.api.Json;
import io.shoal.api.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks this node runs, with their last observed status: one JSON file per task under
 * {@code <stateDir>/tasks}, each replaced atomically, so a restarted daemon knows what it ran and
 * re-adopts it. With no directory it keeps nothing (simulated nodes).
 */
final class TaskStore {
    private static final Logger log = LoggerFactory.getLogger(TaskStore.class);

    private final Path dir;

    TaskStore(Path stateDir) {
        this.dir = stateDir == null ? null : stateDir.resolve("tasks");
    }

    void put(Task task) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(task.id() + ".json");
            Path tmp = dir.resolve(task.id() + ".json.tmp");
            Files.write(tmp, Json.writeBytes(task));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save task " + task.id() + " in " + dir, e);
        }
    }

    void delete(String taskId) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(taskId + ".json"));
        } catch (IOException e) {
            log.warn("cannot delete the saved state of task {}: {}", taskId, e.toString());
        }
    }

    /** Every saved task; unreadable files (a crash mid-write leaves only a .tmp) are skipped. */
    List<Task> loadAll() {
        List<Task> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    out.add(Json.read(Files.readAllBytes(f), Task.class));
                } catch (IOException | IllegalArgumentException e) {
                    log.warn("skipping unreadable task state {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read saved tasks in " + dir, e);
        }
        return out;
    }
}
