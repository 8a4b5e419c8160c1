package io.shoal.manager.scheduler;

/** The node satisfies the task's placement constraints (node.id, node.labels.x, engine.labels.x...). */
final class ConstraintFilter implements NodeFilter {
    @Override
    public boolean appliesTo(SchedulingRequest request) {
        return !request.constraints().isEmpty();
    }

    @Override
    public boolean test(SchedulingRequest request, NodeInfo n) {
        return n.node() != null && Constraint.nodeMatches(request.constraints(), n.node());
    }

    @Override
    public String explain(int nodes) {
        return "scheduling constraints not satisfied on " + NodeFilter.nodes(nodes);
    }
}
