package io.shoal.manager.orchestrator;

import io.shoal.api.Service;
import io.shoal.api.Task;

/**
 * Where a task belongs in its service: a slot (replicated services and jobs) or a node (global
 * services and jobs, slot 0). Restart counts and task history are kept per key.
 */
public record SlotKey(String serviceId, long slot, String nodeId) {
    public static SlotKey of(Service service, Task task) {
        return Tasks.isGlobal(service) || Tasks.isGlobalJob(service)
                ? new SlotKey(task.serviceId(), 0, task.nodeId())
                : new SlotKey(task.serviceId(), task.slot(), null);
    }
}
