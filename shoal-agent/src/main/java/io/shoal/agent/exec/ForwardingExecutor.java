package io.shoal.agent.exec;

import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;

/** An executor that hands everything to another one: a decorator overrides only what it changes. */
public interface ForwardingExecutor extends Executor {
    /** The executor that does the work. */
    Executor executor();

    @Override
    default Node.Description describe() {
        return executor().describe();
    }

    @Override
    default TaskController controller(Task task) {
        return executor().controller(task);
    }

    @Override
    default void stream(Task task, LogOptions options, LogSink sink) throws InterruptedException {
        executor().stream(task, options, sink);
    }

    @Override
    default void close() {
        executor().close();
    }
}
