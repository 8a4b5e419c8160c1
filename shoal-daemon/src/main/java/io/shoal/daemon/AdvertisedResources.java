package io.shoal.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;

/**
 * An executor whose node description also lists the generic resources the operator declared
 * ({@code --node-generic-resource}), so the scheduler can place tasks that ask for them.
 */
record AdvertisedResources(Executor executor, JsonNode genericResources) implements Executor {
    AdvertisedResources {
        requireNonNull(executor, "executor is null");
        requireNonNull(genericResources, "genericResources is null");
    }

    @Override
    public Node.Description describe() {
        Node.Description d = executor.describe();
        Node.Resources r = d.resources();
        Node.Resources with = new Node.Resources(r == null ? 0 : r.nanoCpus(), r == null ? 0 : r.memoryBytes(),
                genericResources.deepCopy());
        return new Node.Description(d.hostname(), d.platform(), with, d.engine(), d.tlsInfo());
    }

    @Override
    public TaskController controller(Task task) {
        return executor.controller(task);
    }

    @Override
    public void stream(Task task, LogOptions options, LogSink sink) throws InterruptedException {
        executor.stream(task, options, sink);
    }

    @Override
    public void close() {
        executor.close();
    }
}
