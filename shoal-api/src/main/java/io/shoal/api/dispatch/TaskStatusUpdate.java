package io.shoal.api.dispatch;

import io.shoal.api.Task;

/** One observed state change of a task, as the agent reports it. */
public record TaskStatusUpdate(String taskId, Task.TaskStatus status) {}
