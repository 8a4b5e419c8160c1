package io.shoal.daemon.api;

import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import java.util.Collection;
import java.util.Set;

/**
 * {@code ServiceStatus} for {@code GET /services?status=true}, counted as dockerd does: running is the
 * tasks in state running, except on nodes that are down (their last report says running, but
 * nothing vouches for it: the docker CLI left those out too when it counted itself); desired is the replica count, or for global services the tasks desired
 * running; for jobs, only the tasks of the current job iteration count and completed ones are tallied.
 */
public final class ServiceStatusCounter {
    private ServiceStatusCounter() {}

    public static Service.ServiceStatus count(Service service, Collection<Task> tasks) {
        return count(service, tasks, Set.of());
    }

    public static Service.ServiceStatus count(Service service, Collection<Task> tasks, Set<String> downNodes) {
        ServiceSpec.Mode mode = service.spec().mode();
        boolean job = mode != null && mode.isJob();
        long running = 0;
        long desired = 0;
        long completed = 0;
        for (Task t : tasks) {
            if (job && !inCurrentIteration(service, t)) {
                continue;
            }
            if (t.state() == TaskState.RUNNING && !downNodes.contains(t.nodeId())) {
                running++;
            }
            if (job) {
                if (t.state() == TaskState.COMPLETE) {
                    completed++;
                } else if (!t.state().isTerminal() && !t.desiredState().isAfter(TaskState.COMPLETE)) {
                    desired++; // still working towards completion
                }
            } else if (t.desiredState() == TaskState.RUNNING) {
                desired++;
            }
        }
        if (mode == null || mode.isReplicated()) {
            desired = mode == null ? 1 : mode.replicated().replicasOrOne();
        }
        return new Service.ServiceStatus(running, desired, completed);
    }

    private static boolean inCurrentIteration(Service service, Task t) {
        if (service.jobStatus() == null || service.jobStatus().jobIteration() == null) {
            return true;
        }
        return t.jobIteration() != null && t.jobIteration().index() == service.jobStatus().jobIteration().index();
    }
}
