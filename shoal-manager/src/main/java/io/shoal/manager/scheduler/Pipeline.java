package io.shoal.manager.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The scheduler's feasibility filters, in order. A node is tested against each filter that applies
 * to the task until one fails; that filter's failure is counted, and the counts explain a task that
 * fits nowhere ("2 nodes not available for new tasks; insufficient memory on 1 node"), most
 * failures first.
 */
final class Pipeline {
    private final List<NodeFilter> filters;

    Pipeline(List<NodeFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    /** Swarm's order: cheap checks first, so the explanation names the most basic reason. */
    static Pipeline standard() {
        return new Pipeline(List.of(
                new ReadyFilter(),        // down, paused and drained nodes take nothing
                ResourceFilter.all(),     // CPU, memory and generic resource reservations
                new ConstraintFilter(),   // placement constraints
                new PlatformFilter(),     // image OS/architecture
                new HostPortFilter(),     // host-mode published ports
                new MaxReplicasFilter())); // max replicas per node, last: it depends on placements so far
    }

    /** The filters that apply to {@code request}, with failure counts for this one evaluation. */
    Evaluation evaluate(SchedulingRequest request) {
        List<NodeFilter> active = new ArrayList<>();
        for (NodeFilter f : filters) {
            active.addAll(f.forRequest(request));
        }
        return new Evaluation(request, active);
    }

    static final class Evaluation {
        private final SchedulingRequest request;
        private final List<NodeFilter> filters;
        private final int[] failures;

        private Evaluation(SchedulingRequest request, List<NodeFilter> filters) {
            this.request = request;
            this.filters = filters;
            this.failures = new int[filters.size()];
        }

        /** Whether the node fits; a failure is counted against the first filter that rejects it. */
        boolean test(NodeInfo node) {
            for (int i = 0; i < filters.size(); i++) {
                if (!filters.get(i).test(request, node)) {
                    failures[i]++;
                    return false;
                }
            }
            return true;
        }

        /** The failures so far, most first ("" when none). */
        String explain() {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                if (failures[i] > 0) {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparingInt((Integer i) -> -failures[i]));
            List<String> parts = new ArrayList<>();
            for (int i : order) {
                parts.add(filters.get(i).explain(failures[i]));
            }
            return String.join("; ", parts);
        }
    }
}
