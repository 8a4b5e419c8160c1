package io.shoal.agent.exec;

import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.logs.TaskLogs;

/**
 * What runs tasks on a node (SwarmKit's exec.Executor): the local Docker Engine, host processes, or a
 * simulation. It describes the node, hands out one {@link TaskController} per task, and reads task
 * logs. Closing it releases clients and threads; it never stops the tasks themselves, so a restarted
 * daemon can re-adopt them.
 */
public interface Executor extends TaskLogs, AutoCloseable {
    /** Hostname, platform (os/arch as Docker names them: linux/x86_64), CPUs (NanoCPUs), memory, engine. */
    Node.Description describe();

    /**
     * A controller for the task. Cheap: it does no I/O until its first call, and finds an existing
     * container or process of the task (re-adoption) on its own.
     *
     * @throws ExecException (fatal) if this executor cannot run the task at all
     */
    TaskController controller(Task task);

    @Override
    void close();
}
