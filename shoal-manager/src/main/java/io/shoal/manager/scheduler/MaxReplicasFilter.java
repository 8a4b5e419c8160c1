package io.shoal.manager.scheduler;

/** The node runs fewer of the service's tasks than the service's max replicas per node. */
final class MaxReplicasFilter implements NodeFilter {
    @Override
    public boolean appliesTo(SchedulingRequest request) {
        return request.maxReplicas() > 0;
    }

    @Override
    public boolean test(SchedulingRequest request, NodeInfo n) {
        return n.activeTasks(request.serviceId()) < request.maxReplicas();
    }

    @Override
    public String explain(int nodes) {
        return "max replicas per node limit exceed"; // Swarm's wording, count-free
    }
}
