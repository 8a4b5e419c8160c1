package io.shoal.manager.scheduler;

/**
 * One feasibility check of the scheduler's pipeline: does a node fit a task? A filter that has
 * nothing to say about a task (no constraints, no reservations...) opts out with {@link #appliesTo}.
 * {@link #explain} words the failure for the "no suitable node (...)" message, as Swarm does.
 */
interface NodeFilter {
    boolean appliesTo(SchedulingRequest request);

    boolean test(SchedulingRequest request, NodeInfo node);

    /** Why {@code nodes} nodes failed this filter. */
    String explain(int nodes);

    static String nodes(int n) {
        return n == 1 ? "1 node" : n + " nodes";
    }
}
