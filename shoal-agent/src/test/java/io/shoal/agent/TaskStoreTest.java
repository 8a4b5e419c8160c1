package io.shoal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Task;
import io.shoal.api.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStoreTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsTasksWithTheirStatus() {
        TaskStore store = new TaskStore(dir);
        Task t = AgentTest.task("t1", "busybox", TaskState.RUNNING)
                .withStatus(Task.TaskStatus.of(java.time.Instant.parse("2026-01-01T00:00:01Z"), TaskState.RUNNING,
                        "started").withContainerStatus(new Task.ContainerStatus("c1", 7L, null)));
        store.put(t);
        store.put(AgentTest.task("t2", "busybox", TaskState.RUNNING));

        assertThat(new TaskStore(dir).loadAll()).hasSize(2).contains(t);
        assertThat(t.serviceName()).isEqualTo("web");
        assertThat(dir.resolve("tasks/t1.json.tmp")).doesNotExist();
    }

    @Test
    void replacesAndDeletes() {
        TaskStore store = new TaskStore(dir);
        Task t = AgentTest.task("t1", "busybox", TaskState.RUNNING);
        store.put(t);
        store.put(t.withDesiredState(TaskState.SHUTDOWN));
        assertThat(store.loadAll()).singleElement()
                .satisfies(x -> assertThat(x.desiredState()).isEqualTo(TaskState.SHUTDOWN));
        store.delete("t1");
        store.delete("t1");
        assertThat(store.loadAll()).isEmpty();
    }

    @Test
    void skipsUnreadableFiles() throws Exception {
        TaskStore store = new TaskStore(dir);
        store.put(AgentTest.task("t1", "busybox", TaskState.RUNNING));
        Files.writeString(dir.resolve("tasks/broken.json"), "{not json");
        Files.writeString(dir.resolve("tasks/t3.json.tmp"), "half a write");
        assertThat(store.loadAll()).extracting(Task::id).containsExactly("t1");
    }

    @Test
    void withoutADirectoryItKeepsNothing() {
        TaskStore store = new TaskStore(null);
        store.put(AgentTest.task("t1", "busybox", TaskState.RUNNING));
        assertThat(store.loadAll()).isEmpty();
    }
}
