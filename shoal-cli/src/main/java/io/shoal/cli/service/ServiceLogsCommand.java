package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.http.DaemonClient;
import io.shoal.cli.http.DaemonError;
import io.shoal.cli.http.Query;
import io.shoal.cli.task.IdResolver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shoal service logs SERVICE|TASK}: finds the service (or, on 404, the task), then reads
 * {@code GET /services/X/logs} (or {@code /tasks/X/logs}) and prints each line prefixed
 * {@code name.slot.task@node    | } unless {@code --raw}.
 */
@Command(name = "logs", customSynopsis = "shoal service logs [OPTIONS] SERVICE|TASK",
        description = "Fetch the logs of a service or task")
public final class ServiceLogsCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--no-resolve", arity = "0..1", description = "Do not map IDs to Names in output")
    boolean noResolve;

    @Option(names = "--no-trunc", arity = "0..1", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = "--raw", arity = "0..1", description = "Do not neatly format logs")
    boolean raw;

    @Option(names = "--no-task-ids", arity = "0..1", description = "Do not include task IDs in output")
    boolean noTaskIds;

    @Option(names = {"-f", "--follow"}, arity = "0..1", description = "Follow log output")
    boolean follow;

    @Option(names = "--since", paramLabel = "string",
            description = "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
    String since;

    @Option(names = {"-t", "--timestamps"}, arity = "0..1", description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--details", arity = "0..1", description = "Show extra details provided to logs")
    boolean details;

    @Option(names = {"-n", "--tail"}, paramLabel = "string",
            description = "Number of lines to show from the end of the logs (default \"all\")")
    String tail = "all";

    ServiceLogsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireExactly(args, 1);
        ctx.requireApi("shoal service logs", "1.29");
        String target = args.get(0);
        boolean tty;
        boolean isTask = false;
        int maxLength = 1;
        try {
            JsonNode service = api().serviceInspect(target, false);
            tty = service.path("Spec").path("TaskTemplate").path("ContainerSpec").path("TTY").asBoolean(false);
            JsonNode replicated = service.path("Spec").path("Mode").path("Replicated");
            if (replicated.hasNonNull("Replicas")) {
                maxLength = Long.toString(replicated.path("Replicas").asLong()).length();
            }
        } catch (DaemonError e) {
            if (!e.isNotFound()) {
                throw e;
            }
            JsonNode task;
            try {
                task = api().taskInspect(target);
            } catch (DaemonError te) {
                if (te.isNotFound()) {
                    throw new CliException("no such task or service: " + target);
                }
                throw te;
            }
            isTask = true;
            tty = task.path("Spec").path("ContainerSpec").path("TTY").asBoolean(false);
            maxLength = Long.toString(task.path("Slot").asLong(0)).length();
        }
        if (tty && !raw) {
            throw new CliException("tty service logs only supported with --raw");
        }
        Query query = Query.of().set("stdout", "1").set("stderr", "1")
                .setIf(since != null && !since.isEmpty(), "since",
                        since == null ? null : SinceTime.toQuery(since, ctx.clock().instant(), ZoneId.systemDefault()))
                .setIf(timestamps, "timestamps", "1")
                .setIf(details || !raw, "details", "1")
                .setIf(follow, "follow", "1")
                .set("tail", tail);
        try (DaemonClient.Stream stream = isTask ? api().taskLogs(target, query) : api().serviceLogs(target, query)) {
            if (tty) {
                stream.body().transferTo(out());
                out().flush();
                return;
            }
            PrintStream stdout = out();
            PrintStream stderr = err();
            if (raw) {
                LogFrames.copy(stream.body(), p -> write(stdout, p), p -> write(stderr, p));
                return;
            }
            LogLineFormatter formatter = new LogLineFormatter(api(), new IdResolver(api(), noResolve), timestamps, details,
                    noTaskIds, noTrunc, maxLength);
            LogFrames.copy(stream.body(), p -> write(stdout, formatter.format(p)), p -> write(stderr, formatter.format(p)));
        } catch (IOException e) {
            throw new CliException("error reading the log stream: " + e.getMessage(), e);
        }
    }

    private static void write(PrintStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    private static void write(PrintStream out, String text) {
        write(out, text.getBytes(StandardCharsets.UTF_8));
    }
}
