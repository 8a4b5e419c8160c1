package io.shoal.manager.orchestrator;

import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/** How the orchestrators make tasks and read services, nodes and tasks: Swarm's shared rules. */
public final class Tasks {
    /** Oldest first by creation (not yet stored: newest), then by last change. */
    public static final Comparator<Task> BY_CREATION = Comparator
            .comparing(Task::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(t -> t.version() == null ? Long.MAX_VALUE : t.version().index())
            .thenComparing(Task::id);

    /** Oldest status first (what the task reaper prunes first); ties by creation. */
    public static final Comparator<Task> BY_STATUS_TIME = Comparator
            .comparing((Task t) -> t.status() == null || t.status().timestamp() == null
                    ? Instant.EPOCH : t.status().timestamp())
            .thenComparing(BY_CREATION);

    private Tasks() {}

    /**
     * A new task of {@code service}: state NEW "created", desired RUNNING, the service's labels,
     * name, current task template and spec version. {@code slot} is 1..N for replicated services and 0 for global
     * ones, which preset {@code nodeId} instead.
     */
    public static Task newTask(Service service, long slot, String nodeId, Instant now) {
        ServiceSpec spec = service.spec();
        Map<String, String> labels = spec.labels() == null ? Map.of() : spec.labels();
        // A task needs nothing of its own allocated (no networks yet), only its service's endpoint:
        // if that is in place, the task goes straight to the scheduler, one store write fewer.
        Task.TaskStatus status = Endpoints.isAllocated(service)
                ? Task.TaskStatus.of(now, TaskState.PENDING, Endpoints.PENDING_MESSAGE)
                : Task.TaskStatus.of(now, TaskState.NEW, "created");
        return new Task(Ids.newId(), null, null, null, labels, spec.taskTemplate(), service.id(), slot, nodeId,
                status, TaskState.RUNNING, null, null, service.specVersion(), spec.name());
    }

    /** Swarm's InvalidNode: a task there must be replaced. Missing, DOWN or drained. */
    public static boolean invalidNode(Node node) {
        return node == null
                || (node.status() != null && node.status().state() == NodeState.DOWN)
                || (node.spec() != null && node.spec().availability() == NodeAvailability.DRAIN);
    }

    public static boolean isDown(Node node) {
        return node != null && node.status() != null && node.status().state() == NodeState.DOWN;
    }

    public static NodeAvailability availability(Node node) {
        return node.spec() == null || node.spec().availability() == null
                ? NodeAvailability.ACTIVE : node.spec().availability();
    }

    public static boolean isReplicated(Service s) {
        return s != null && s.spec() != null && s.spec().mode() != null && s.spec().mode().isReplicated();
    }

    public static boolean isGlobal(Service s) {
        return s != null && s.spec() != null && s.spec().mode() != null && s.spec().mode().isGlobal();
    }

    public static boolean isReplicatedJob(Service s) {
        return s != null && s.spec() != null && s.spec().mode() != null && s.spec().mode().replicatedJob() != null;
    }

    public static boolean isGlobalJob(Service s) {
        return s != null && s.spec() != null && s.spec().mode() != null && s.spec().mode().globalJob() != null;
    }

    public static boolean isJob(Service s) {
        return isReplicatedJob(s) || isGlobalJob(s);
    }

    /** The replica count of a replicated service ({@code Replicated:{}} means one). */
    public static long replicas(Service s) {
        return s.spec().mode().replicated().replicasOrOne();
    }

    /** The task's restart policy with Swarm's defaults for what is unset. */
    public static TaskSpec.RestartPolicy restartPolicy(TaskSpec spec) {
        return spec == null || spec.restartPolicy() == null ? TaskSpec.RestartPolicy.DEFAULT : spec.restartPolicy();
    }

    public static Task.TaskStatus status(Instant at, TaskState state, String message) {
        return Task.TaskStatus.of(at, state, message);
    }

    /** The task with its desired state raised to {@code desired} (never lowered). */
    public static Task withDesired(Task t, TaskState desired) {
        return t.desiredState() != null && !t.desiredState().isBefore(desired) ? t : t.withDesiredState(desired);
    }
}
