package io.shoal.agent.exec;

import io.shoal.api.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How Swarm names and labels a task's container: {@code <service>.<slot>.<taskID>} (global services:
 * {@code <service>.<nodeID>.<taskID>}), with the labels {@code docker ps --filter} and re-adoption use.
 */
public final class TaskNames {
    public static final String TASK_ID = "com.docker.swarm.task.id";
    public static final String TASK_NAME = "com.docker.swarm.task.name";
    public static final String SERVICE_ID = "com.docker.swarm.service.id";
    public static final String SERVICE_NAME = "com.docker.swarm.service.name";
    public static final String NODE_ID = "com.docker.swarm.node.id";
    /** Marks what Shoal created, so cleanups never touch other containers on the engine. */
    public static final String MANAGED = "io.shoal.managed";

    private TaskNames() {}

    /** The service's name, or its ID when the task does not carry the name. */
    public static String serviceName(Task task) {
        if (task.serviceName() != null && !task.serviceName().isEmpty()) {
            return task.serviceName();
        }
        return task.serviceId() == null || task.serviceId().isEmpty() ? "task" : task.serviceId();
    }

    public static String containerName(Task task) {
        String middle = task.slot() > 0 || task.nodeId() == null ? Long.toString(task.slot()) : task.nodeId();
        return serviceName(task) + "." + middle + "." + task.id();
    }

    /** The container spec's labels plus Swarm's own (Swarm's win on a clash, as in Docker). */
    public static Map<String, String> containerLabels(Task task) {
        Map<String, String> labels = new LinkedHashMap<>();
        var spec = task.spec() == null ? null : task.spec().containerSpec();
        if (spec != null && spec.labels() != null) {
            labels.putAll(spec.labels());
        }
        labels.put("com.docker.swarm.task", "");
        labels.put(TASK_ID, task.id());
        labels.put(TASK_NAME, containerName(task));
        labels.put(SERVICE_ID, task.serviceId() == null ? "" : task.serviceId());
        labels.put(SERVICE_NAME, serviceName(task));
        labels.put(NODE_ID, task.nodeId() == null ? "" : task.nodeId());
        labels.put(MANAGED, "true");
        return labels;
    }
}
