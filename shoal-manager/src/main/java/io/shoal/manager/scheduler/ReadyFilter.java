package io.shoal.manager.scheduler;

import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeState;

/** The node is up (READY) and takes new tasks (availability active, not paused or drained). */
final class ReadyFilter implements NodeFilter {
    @Override
    public boolean appliesTo(SchedulingRequest request) {
        return true;
    }

    @Override
    public boolean test(SchedulingRequest request, NodeInfo n) {
        var node = n.node();
        return node != null && node.status() != null && node.status().state() == NodeState.READY
                && (node.spec() == null || node.spec().availability() == null
                || node.spec().availability() == NodeAvailability.ACTIVE);
    }

    @Override
    public String explain(int nodes) {
        return NodeFilter.nodes(nodes) + " not available for new tasks";
    }
}
