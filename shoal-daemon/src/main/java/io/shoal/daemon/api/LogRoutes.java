package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.logs.TaskLogs;
import io.shoal.manager.controlapi.Lookup;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import io.shoal.store.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /services/{id}/logs} and {@code /tasks/{id}/logs}: the tasks' lines from the agent's
 * executor, one line per frame with the three swarm IDs as details. With {@code follow}, the stream
 * stays open, takes in tasks that start later (a scaled or updated service), and ends when the
 * reader goes away or the service is removed.
 */
public final class LogRoutes implements Consumer<ApiRoutes> {
    private static final Logger log = LoggerFactory.getLogger(LogRoutes.class);
    private static final Duration WATCH_POLL = Duration.ofSeconds(1);
    private static final Comparator<Task> ORDER = Comparator.comparingLong(Task::slot)
            .thenComparing(t -> t.nodeId() == null ? "" : t.nodeId())
            .thenComparing(Task::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final SwarmAccess swarm;

    public LogRoutes(SwarmAccess swarm) {
        this.swarm = requireNonNull(swarm, "swarm is null");
    }

    @Override
    public void accept(ApiRoutes r) {
        r.get("/services/{id}/logs", this::serviceLogs);
        r.get("/tasks/{id}/logs", this::taskLogs);
    }

    private void serviceLogs(Context ctx) throws IOException {
        ManagerAccess m = swarm.manager();
        LogRequest req = LogRequest.parse(ctx::queryParam);
        String ref = ctx.pathParam("id");
        Service service = m.store().view(tx -> Lookup.service(tx, ref));
        String id = service.id();
        stream(ctx, m, req, isTty(service.spec().taskTemplate()), t -> t.serviceId().equals(id),
                () -> m.store().view(tx -> tx.get(Table.SERVICES, id).isPresent()));
    }

    private void taskLogs(Context ctx) throws IOException {
        ManagerAccess m = swarm.manager();
        LogRequest req = LogRequest.parse(ctx::queryParam);
        String ref = ctx.pathParam("id");
        Task task = m.store().view(tx -> Lookup.task(tx, ref));
        String id = task.id();
        stream(ctx, m, req, isTty(task.spec()), t -> t.id().equals(id),
                () -> m.store().view(tx -> tx.get(Table.TASKS, id).map(t -> !t.state().isTerminal()).orElse(false)));
    }

    private static boolean isTty(TaskSpec spec) {
        return spec != null && spec.containerSpec() != null && Boolean.TRUE.equals(spec.containerSpec().tty());
    }

    /** A task has output to read once its container or process has been started. */
    private static boolean started(Task t) {
        return t.nodeId() != null && !t.state().isBefore(TaskState.STARTING)
                || (t.status() != null && t.status().containerStatus() != null);
    }

    private void stream(Context ctx, ManagerAccess m, LogRequest req, boolean tty, Predicate<Task> wanted,
                        java.util.function.BooleanSupplier stillThere) throws IOException {
        boolean multiplexed = !tty;
        ApiVersion v = ApiRoutes.version(ctx);
        String contentType = multiplexed && v.isAtLeast(ApiVersion.MULTIPLEXED_CONTENT_TYPE)
                ? LogStreamWriter.MULTIPLEXED : LogStreamWriter.RAW;
        MemoryStore store = m.store();
        TaskLogs logs = m.logs();
        MemoryStore.Snapshot<List<Task>> snap = req.options().follow()
                ? store.viewAndWatch(tx -> tx.all(Table.TASKS).stream().filter(wanted).toList())
                : new MemoryStore.Snapshot<>(store.view(tx -> tx.all(Table.TASKS).stream().filter(wanted).toList()), null);
        try {
            ctx.status(200);
            ctx.res().setStatus(200);
            ctx.res().setContentType(contentType);
            ctx.res().setHeader("Content-Type", contentType);
            if (req.options().follow()) {
                // a quiet service may say nothing for hours: no idle cut-off on this connection
                ServletContextRequest.getServletContextRequest(ctx.req())
                        .getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(0);
            }
            ctx.res().flushBuffer();
            LogStreamWriter w = new LogStreamWriter(ctx.res().getOutputStream(),
                    new LogStreamWriter.Format(req.options().timestamps(), req.details(), multiplexed));
            List<Task> tasks = snap.value().stream().filter(LogRoutes::started).sorted(ORDER).toList();
            if (!req.options().follow()) {
                for (Task t : tasks) {
                    if (!streamTask(logs, t, req, w)) {
                        break;
                    }
                }
                return;
            }
            follow(logs, snap.watch(), tasks, wanted, stillThere, req, w);
        } finally {
            if (snap.watch() != null) {
                snap.watch().close();
            }
        }
    }

    private void follow(TaskLogs logs, Watch watch, List<Task> initial, Predicate<Task> wanted,
                        java.util.function.BooleanSupplier stillThere, LogRequest req, LogStreamWriter w) {
        Set<String> streaming = new HashSet<>();
        try (ExecutorService readers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("shoal-logs-", 0).factory())) {
            for (Task t : initial) {
                streaming.add(t.id());
                readers.execute(() -> streamTask(logs, t, req, w));
            }
            try {
                while (!w.isBroken()) {
                    StoreEvent e = watch.poll(WATCH_POLL);
                    if (e == null) {
                        if (!stillThere.getAsBoolean()) {
                            break;
                        }
                        continue;
                    }
                    Task t = switch (e) {
                        case StoreEvent.Created c when c.object() instanceof Task task -> task;
                        case StoreEvent.Updated u when u.object() instanceof Task task -> task;
                        default -> null;
                    };
                    if (t != null && wanted.test(t) && started(t) && streaming.add(t.id())) {
                        Task found = t;
                        readers.execute(() -> streamTask(logs, found, req, w));
                    }
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            readers.shutdownNow(); // interrupts the task streams still following
        }
    }

    /** Streams one task; false once the reader has gone away. */
    private static boolean streamTask(TaskLogs logs, Task t, LogRequest req, LogStreamWriter w) {
        try {
            logs.stream(t, req.options(), w.sinkFor(t));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            // a task whose container is gone has no logs left: not worth failing the whole stream
            log.debug("no logs for task {}: {}", t.id(), e.toString());
        }
        return !w.isBroken();
    }
}
