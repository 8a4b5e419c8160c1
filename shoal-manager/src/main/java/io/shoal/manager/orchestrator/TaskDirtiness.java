package io.shoal.manager.orchestrator;

import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.manager.scheduler.Constraint;
import java.util.List;
import java.util.Objects;

/**
 * Swarm's IsTaskDirty: does a task still run what its service declares? The orchestrators' rolling
 * updates replace dirty tasks; the API's {@code _up-to-date} task filter shows only clean ones.
 * <ul>
 * <li>Same spec version as the service: clean, without comparing anything.</li>
 * <li>Otherwise the task template is compared. A difference in placement alone leaves the task
 * clean while its node still satisfies the new constraints.</li>
 * <li>Tasks made from the service's previous spec are also dirty when the endpoint spec (published
 * ports, mode) changed. Tasks do not carry their endpoint, so older ones are judged by template only.</li>
 * </ul>
 */
public final class TaskDirtiness {
    private TaskDirtiness() {}

    /**
     * Without the task's node: a change to placement alone counts as clean (the updater, which knows
     * the node, replaces a task whose node no longer fits, so the CLI never waits on a task that stays).
     */
    public static boolean isDirty(Service service, Task task) {
        return dirty(service, task, null, false);
    }

    /** With the task's node ({@code null} if unassigned or gone), as the updater judges it. */
    public static boolean isDirty(Service service, Task task, Node node) {
        return dirty(service, task, node, true);
    }

    private static boolean dirty(Service service, Task task, Node node, boolean nodeKnown) {
        if (task.specVersion() != null && Objects.equals(task.specVersion(), service.specVersion())) {
            return false;
        }
        TaskSpec want = service.spec().taskTemplate();
        TaskSpec have = task.spec();
        if (endpointChanged(service, task)) {
            return true;
        }
        if (Objects.equals(want, have)) {
            return false;
        }
        if (want != null && have != null && Objects.equals(want.withPlacement(have.placement()), have)) {
            if (!nodeKnown) {
                return false;
            }
            List<String> constraints = want.placement() == null ? null : want.placement().constraints();
            return node == null || !Constraint.nodeMatches(Constraint.parseOrUnsatisfiable(constraints), node);
        }
        return true;
    }

    private static boolean endpointChanged(Service service, Task task) {
        if (service.previousSpec() == null || service.previousSpecVersion() == null
                || !Objects.equals(task.specVersion(), service.previousSpecVersion())) {
            return false;
        }
        return !Endpoints.normalize(service.previousSpec().endpointSpec())
                .equals(Endpoints.normalize(service.spec().endpointSpec()));
    }
}
