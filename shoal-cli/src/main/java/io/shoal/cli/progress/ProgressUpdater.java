package io.shoal.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import java.util.List;
import java.util.Set;

/** Draws one poll's worth of task progress for one kind of service; true once converged. */
interface ProgressUpdater {
    boolean update(JsonNode service, List<ProgressTask> tasks, Set<String> activeNodes, boolean rollback);

    /** The updater for the service's mode, chosen on the first poll as docker chooses it. */
    static ProgressUpdater forService(JsonNode service, ProgressSink sink) {
        JsonNode mode = service.path("Spec").path("Mode");
        if (mode.path("Replicated").isObject() && mode.path("Replicated").hasNonNull("Replicas")) {
            return new ReplicatedProgress(sink);
        }
        if (mode.path("Global").isObject()) {
            return new GlobalProgress(sink);
        }
        if (mode.path("ReplicatedJob").isObject()) {
            return new ReplicatedJobProgress(service, sink);
        }
        if (mode.path("GlobalJob").isObject()) {
            return new GlobalJobProgress(sink);
        }
        throw new CliException("unrecognized service mode");
    }

    static void writeOverall(ProgressSink sink, long done, long total, boolean rollback) {
        sink.write(Progress.update("overall progress", rollback
                ? "rolling back update: " + done + " out of " + total + " tasks"
                : done + " out of " + total + " tasks"));
    }
}
