package io.shoal.api.logs;

import io.shoal.api.Task;

/** A node's access to the logs of the tasks it runs (the agent's executor implements it). */
public interface TaskLogs {
    /**
     * Streams the task's log lines into {@code sink}; with {@code follow}, blocks until the task's
     * container ends, the sink refuses a line, or the thread is interrupted.
     */
    void stream(Task task, LogOptions options, LogSink sink) throws InterruptedException;
}
