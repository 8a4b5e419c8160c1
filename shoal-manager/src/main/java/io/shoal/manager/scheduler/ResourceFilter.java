package io.shoal.manager.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The node's CPU, memory and generic resources not yet reserved by its tasks cover the task's
 * reservations. One filter per resource the task reserves, so a task that fits nowhere says which
 * one is short ("insufficient memory on 2 nodes").
 */
final class ResourceFilter implements NodeFilter {
    private final String what;
    private final ToLongFunction<SchedulingRequest> wanted;
    private final ToLongFunction<NodeInfo> available;

    private ResourceFilter(String what, ToLongFunction<SchedulingRequest> wanted, ToLongFunction<NodeInfo> available) {
        this.what = what;
        this.wanted = wanted;
        this.available = available;
    }

    /** Stands for the filters of every resource; {@link #forRequest} picks those a task needs. */
    static ResourceFilter all() {
        return new ResourceFilter("resources", r -> 0, n -> 0);
    }

    static ResourceFilter cpu() {
        return new ResourceFilter("CPU", SchedulingRequest::nanoCpus, NodeInfo::availableNanoCpus);
    }

    static ResourceFilter memory() {
        return new ResourceFilter("memory", SchedulingRequest::memoryBytes, NodeInfo::availableMemoryBytes);
    }

    static ResourceFilter generic(String kind) {
        return new ResourceFilter("generic resource " + kind, r -> r.genericResources().getOrDefault(kind, 0L),
                n -> n.availableGeneric(kind));
    }

    @Override
    public List<NodeFilter> forRequest(SchedulingRequest request) {
        List<NodeFilter> out = new ArrayList<>();
        if (request.nanoCpus() > 0) {
            out.add(cpu());
        }
        if (request.memoryBytes() > 0) {
            out.add(memory());
        }
        request.genericResources().keySet().forEach(kind -> out.add(generic(kind)));
        return out;
    }

    @Override
    public boolean appliesTo(SchedulingRequest request) {
        return wanted.applyAsLong(request) > 0;
    }

    @Override
    public boolean test(SchedulingRequest request, NodeInfo n) {
        return wanted.applyAsLong(request) <= available.applyAsLong(n);
    }

    @Override
    public String explain(int nodes) {
        return "insufficient " + what + " on " + NodeFilter.nodes(nodes);
    }
}
