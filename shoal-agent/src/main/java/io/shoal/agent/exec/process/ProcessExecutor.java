package io.shoal.agent.exec.process;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.HostFacts;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.Clock;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs each task's command as a host process, for machines without Docker and for fast tests. The
 * image is ignored; there is no isolation and there are no resource limits.
 */
public final class ProcessExecutor implements Executor {
    private final Path dir;
    private final String hostname;
    private final Clock clock;

    /** Keeps task state and logs under {@code <stateDir>/process}. */
    public ProcessExecutor(Path stateDir, String hostname, Clock clock) {
        this.dir = requireNonNull(stateDir, "stateDir is null").resolve("process");
        this.hostname = requireNonNull(hostname, "hostname is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Node.Description describe() {
        return HostFacts.describe(hostname, "shoal-process", Map.of());
    }

    @Override
    public TaskController controller(Task task) {
        return new ProcessController(task, files(task), clock);
    }

    @Override
    public void stream(Task task, LogOptions options, LogSink sink) throws InterruptedException {
        new LogReader(files(task), clock).stream(options, sink);
    }

    private TaskFiles files(Task task) {
        if (task.id() == null || !task.id().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw ExecException.fatal("invalid task ID " + task.id());
        }
        return new TaskFiles(dir.resolve(task.id()));
    }

    @Override
    public void close() {
        // each controller owns its log pump; nothing shared to release
    }
}
