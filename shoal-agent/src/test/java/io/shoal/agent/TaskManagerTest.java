package io.shoal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.FakeClock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The task manager on real (virtual) threads, where a blocking step must give way to a shutdown. */
class TaskManagerTest {
    final FakeClock clock = new FakeClock();
    final BlockingQueue<TaskState> states = new LinkedBlockingQueue<>();
    final BlockingQueue<String> removed = new LinkedBlockingQueue<>();
    final CountDownLatch preparing = new CountDownLatch(1);
    final CompletableFuture<String> prepareEnded = new CompletableFuture<>();

    /** A controller whose prepare blocks until interrupted, like a pull from a slow registry. */
    final Executor executor = new Executor() {
        @Override
        public Node.Description describe() {
            return FakeExecutor.DESCRIPTION;
        }

        @Override
        public TaskController controller(Task task) {
            return new TaskController() {
                @Override
                public void prepare() throws InterruptedException {
                    preparing.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        prepareEnded.complete("interrupted");
                        throw e;
                    }
                }

                @Override
                public void start() {
                }

                @Override
                public CompletableFuture<Integer> exit() {
                    return new CompletableFuture<>();
                }

                @Override
                public void shutdown() {
                }

                @Override
                public void remove() {
                    removed.add(task.id());
                }

                @Override
                public Task.ContainerStatus containerStatus() {
                    return null;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void stream(Task task, LogOptions options, LogSink sink) {
        }

        @Override
        public void close() {
        }
    };

    final TaskManager.Events events = new TaskManager.Events() {
        @Override
        public void statusChanged(Task task) {
            states.add(task.state());
        }

        @Override
        public void removed(String taskId, TaskManager manager) {
            removed.add("forgotten " + taskId);
        }
    };

    TaskManager manager(Task t) {
        return new TaskManager(t, executor, clock, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(),
                new TaskStore(null), events);
    }

    @Test
    void aShutdownInterruptsABlockedPrepare() throws Exception {
        Task t = AgentTest.task("t1", "busybox", TaskState.RUNNING);
        TaskManager m = manager(t);
        m.start();
        assertThat(preparing.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(TaskState.ACCEPTED);
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(TaskState.PREPARING);

        m.update(t.withDesiredState(TaskState.SHUTDOWN));
        assertThat(prepareEnded.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(TaskState.SHUTDOWN);
        assertThat(m.task().state()).isEqualTo(TaskState.SHUTDOWN);
    }

    @Test
    void unassigningInterruptsTheStepThenRemovesAndForgets() throws Exception {
        Task t = AgentTest.task("t1", "busybox", TaskState.RUNNING);
        TaskManager m = manager(t);
        m.start();
        assertThat(preparing.await(10, TimeUnit.SECONDS)).isTrue();
        m.unassign();
        assertThat(removed.poll(10, TimeUnit.SECONDS)).isEqualTo("t1");
        assertThat(removed.poll(10, TimeUnit.SECONDS)).isEqualTo("forgotten t1");
    }
}
