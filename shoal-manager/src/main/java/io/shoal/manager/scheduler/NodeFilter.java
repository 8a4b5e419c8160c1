package io.shoal.manager.scheduler;

import java.util.List;

/**
 * One feasibility check of the scheduler's pipeline: does a node fit a task? A filter that has
 * nothing to say about a task (no constraints, no reservations...) opts out with {@link #appliesTo}.
 * {@link #explain} words the failure for the "no suitable node (...)" message, as Swarm does.
 */
interface NodeFilter {
    boolean appliesTo(SchedulingRequest request);

    /** The filters to run for {@code request}: this one if it applies (one filter may stand for several). */
    default List<NodeFilter> forRequest(SchedulingRequest request) {
        return appliesTo(request) ? List.of(this) : List.of();
    }

    boolean test(SchedulingRequest request, NodeInfo node);

    /** Why {@code nodes} nodes failed this filter. */
    String explain(int nodes);

    static String nodes(int n) {
        return n == 1 ? "1 node" : n + " nodes";
    }
}
