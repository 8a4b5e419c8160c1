package io.shoal.manager.scheduler;

/** No other task on the node already publishes one of the task's host-mode ports. */
final class HostPortFilter implements NodeFilter {
    @Override
    public boolean appliesTo(SchedulingRequest request) {
        return !request.hostPorts().isEmpty();
    }

    @Override
    public boolean test(SchedulingRequest request, NodeInfo n) {
        for (HostPort p : request.hostPorts()) {
            if (n.hostPortUsed(p)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String explain(int nodes) {
        return "host-mode port already in use on " + NodeFilter.nodes(nodes);
    }
}
