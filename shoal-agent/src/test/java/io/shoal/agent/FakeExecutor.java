package io.shoal.agent;

import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An executor in the test: records every controller call, lets the test end a task (exits) and
 * make steps fail (by image name: "reject:..." fails prepare, "flaky:..." fails it once temporarily).
 * Its "containers" outlive controllers, like real ones outlive a daemon.
 */
final class FakeExecutor implements Executor {
    static final Node.Description DESCRIPTION = new Node.Description("host1",
            new Node.Platform("x86_64", "linux"), new Node.Resources(2_000_000_000L, 1L << 30),
            new Node.Engine("fake", Map.of(), List.of()), null);

    final List<String> calls = new ArrayList<>();
    /** Exit of each started task, completed by the test (or by shutdown). */
    final Map<String, CompletableFuture<Integer>> exits = new HashMap<>();
    private final Map<String, Integer> flakes = new HashMap<>();

    @Override
    public Node.Description describe() {
        return DESCRIPTION;
    }

    @Override
    public TaskController controller(Task task) {
        record("controller " + task.id());
        return new Controller(task.id(), task.spec().containerSpec().image());
    }

    @Override
    public void stream(Task task, LogOptions options, LogSink sink) {
        sink.line(LogSink.STDOUT, Instant.EPOCH, "log of " + task.id());
    }

    @Override
    public void close() {
    }

    synchronized void record(String call) {
        calls.add(call);
    }

    synchronized List<String> calls(String taskId) {
        return calls.stream().filter(c -> c.endsWith(" " + taskId)).map(c -> c.substring(0, c.indexOf(' '))).toList();
    }

    synchronized CompletableFuture<Integer> exit(String taskId) {
        return exits.computeIfAbsent(taskId, k -> new CompletableFuture<>());
    }

    private final class Controller implements TaskController {
        private final String id;
        private final String image;

        Controller(String id, String image) {
            this.id = id;
            this.image = image;
        }

        @Override
        public void prepare() {
            record("prepare " + id);
            if (image.startsWith("reject:")) {
                throw ExecException.fatal("No such image: " + image);
            }
            if (image.startsWith("flaky:")) {
                synchronized (FakeExecutor.this) {
                    if (flakes.merge(id, 1, Integer::sum) == 1) {
                        throw ExecException.temporary("engine busy", null);
                    }
                }
            }
        }

        @Override
        public void start() {
            record("start " + id);
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return FakeExecutor.this.exit(id);
        }

        @Override
        public void shutdown() {
            record("shutdown " + id);
            FakeExecutor.this.exit(id).complete(143);
        }

        @Override
        public void remove() {
            record("remove " + id);
            FakeExecutor.this.exit(id).complete(137); // stopped, if it still ran
        }

        @Override
        public Task.ContainerStatus containerStatus() {
            CompletableFuture<Integer> f = FakeExecutor.this.exit(id);
            Long code = f.isDone() ? (long) (int) f.join() : null;
            return new Task.ContainerStatus("c-" + id, 100L, code);
        }

        @Override
        public void close() {
            record("close " + id);
        }
    }
}
