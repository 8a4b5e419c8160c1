package io.shoal.agent.exec.sim;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs nothing: every task prepares and starts at once and then "runs" until it is shut down, for
 * control-plane tests with thousands of simulated nodes. No thread per task: an exit is a future,
 * completed by shutdown or by a clock timer.
 * <p>
 * A task can ask for a different life through its environment: {@code SHOAL_SIM_EXIT_AFTER=5s}
 * (ends after that long) with {@code SHOAL_SIM_EXIT_CODE=N} (default 0), or
 * {@code SHOAL_SIM_REJECT=message} (prepare fails with that message).
 */
public final class SimExecutor implements Executor {
    public static final String EXIT_AFTER = "SHOAL_SIM_EXIT_AFTER";
    public static final String EXIT_CODE = "SHOAL_SIM_EXIT_CODE";
    public static final String REJECT = "SHOAL_SIM_REJECT";

    private final Node.Description description;
    private final Clock clock;
    private final Duration runFor;

    /** @param runFor how long each task runs before exiting 0; null: until shut down */
    public SimExecutor(String hostname, Node.Resources resources, Clock clock, Duration runFor) {
        this.description = new Node.Description(requireNonNull(hostname, "hostname is null"),
                new Node.Platform("x86_64", "linux"), requireNonNull(resources, "resources is null"),
                new Node.Engine("sim", Map.of(), List.of()), null);
        this.clock = requireNonNull(clock, "clock is null");
        this.runFor = runFor;
    }

    @Override
    public Node.Description describe() {
        return description;
    }

    @Override
    public TaskController controller(Task task) {
        return new SimController(task);
    }

    @Override
    public void stream(Task task, LogOptions options, LogSink sink) {
        // a simulated task writes nothing
    }

    @Override
    public void close() {
        // nothing held
    }

    /** Go-style durations ("500ms", "5s", "2m", "1h") as SwarmKit's users write them. */
    static Duration parseDuration(String s) {
        String v = s.strip();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException(v);
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException | DateTimeParseException e) {
            throw ExecException.fatal("invalid " + EXIT_AFTER + " \"" + s + "\"");
        }
    }

    private final class SimController implements TaskController {
        private final Task task;
        private final String containerId;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private volatile boolean started;
        private volatile Clock.Cancellable timer;

        SimController(Task task) {
            this.task = task;
            this.containerId = fakeContainerId(task.id());
        }

        private String env(String name) {
            var c = task.spec() == null ? null : task.spec().containerSpec();
            if (c == null || c.env() == null) {
                return null;
            }
            for (String kv : c.env()) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
            return null;
        }

        @Override
        public void prepare() {
            String reject = env(REJECT);
            if (reject != null) {
                throw ExecException.fatal(reject);
            }
        }

        @Override
        public void start() {
            if (started) {
                return;
            }
            started = true;
            String after = env(EXIT_AFTER);
            Duration d = after != null ? parseDuration(after) : runFor;
            if (d != null) {
                String code = env(EXIT_CODE);
                int c;
                try {
                    c = code == null ? 0 : Integer.parseInt(code.strip());
                } catch (NumberFormatException e) {
                    throw ExecException.fatal("invalid " + EXIT_CODE + " \"" + code + "\"");
                }
                timer = clock.schedule(d, () -> exit.complete(c));
            }
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public void shutdown() {
            Clock.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            exit.complete(143); // as if it had died of SIGTERM
        }

        @Override
        public void remove() {
            shutdown();
        }

        @Override
        public Task.ContainerStatus containerStatus() {
            Integer code = exit.isDone() && !exit.isCompletedExceptionally() ? exit.join() : null;
            return new Task.ContainerStatus(containerId, null, code == null ? null : code.longValue());
        }

        @Override
        public void close() {
            Clock.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
        }
    }

    /** A stable 64-hex "container ID", as the CLI expects one. */
    static String fakeContainerId(String taskId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(taskId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
