package io.shoal.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.ForwardingExecutor;
import io.shoal.api.Node;

/**
 * An executor whose node description also lists the generic resources the operator declared
 * ({@code --node-generic-resource}), so the scheduler can place tasks that ask for them.
 */
record AdvertisedResources(Executor executor, JsonNode genericResources) implements ForwardingExecutor {
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
}
