package io.shoal.manager.scheduler;

/** The node's CPU and memory not yet reserved by its tasks cover the task's reservations. */
final class ResourceFilter implements NodeFilter {
    @Override
    public boolean appliesTo(SchedulingRequest request) {
        return request.nanoCpus() > 0 || request.memoryBytes() > 0;
    }

    @Override
    public boolean test(SchedulingRequest request, NodeInfo n) {
        return request.nanoCpus() <= n.availableNanoCpus() && request.memoryBytes() <= n.availableMemoryBytes();
    }

    @Override
    public String explain(int nodes) {
        return "insufficient resources on " + NodeFilter.nodes(nodes);
    }
}
