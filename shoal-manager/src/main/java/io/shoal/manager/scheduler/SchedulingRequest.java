package io.shoal.manager.scheduler;

import io.shoal.api.Service;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import java.util.List;
import java.util.Map;

/**
 * What the filters and the spreading look at for a group of equal tasks (same service and spec
 * version): taken from the task's spec, plus the host-mode ports of its service.
 */
record SchedulingRequest(
        String serviceId,
        List<Constraint> constraints,
        long nanoCpus,
        long memoryBytes,
        Map<String, Long> genericResources,
        List<HostPort> hostPorts,
        long maxReplicas,
        List<TaskSpec.Platform> platforms,
        List<TaskSpec.PlacementPreference> preferences) {

    static SchedulingRequest of(Task task, Service service) {
        TaskSpec spec = task.spec();
        TaskSpec.Placement placement = spec == null ? null : spec.placement();
        TaskSpec.Resources r = spec == null || spec.resources() == null ? null : spec.resources().reservations();
        return new SchedulingRequest(
                task.serviceId(),
                Constraint.parseOrUnsatisfiable(placement == null ? null : placement.constraints()),
                r == null ? 0 : r.nanoCpusOrZero(),
                r == null ? 0 : r.memoryBytesOrZero(),
                r == null ? Map.of() : GenericResources.amounts(r.genericResources()),
                HostPort.of(service),
                placement == null || placement.maxReplicas() == null ? 0 : placement.maxReplicas(),
                placement == null || placement.platforms() == null ? List.of() : placement.platforms(),
                placement == null || placement.preferences() == null ? List.of() : placement.preferences());
    }
}
