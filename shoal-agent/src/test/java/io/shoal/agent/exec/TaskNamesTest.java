package io.shoal.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskNamesTest {
    static Task task(long slot, String serviceName, Map<String, String> labels) {
        var spec = TaskSpec.ContainerSpec.ofImage("busybox").withLabels(labels);
        return new Task("task1", new Version(1), null, null, Map.of(),
                new TaskSpec(spec, null, null, null, null, null, null, null), "svc1", slot, "node1",
                null, TaskState.RUNNING, null, null, null, serviceName);
    }

    @Test
    void replicatedTasksAreNamedBySlotAndGlobalOnesByNode() {
        assertThat(TaskNames.containerName(task(3, "web", null))).isEqualTo("web.3.task1");
        assertThat(TaskNames.containerName(task(0, "web", null))).isEqualTo("web.node1.task1");
    }

    @Test
    void withoutTheServiceNameTheServiceIdStandsIn() {
        assertThat(TaskNames.containerName(task(1, null, null))).isEqualTo("svc1.1.task1");
    }

    @Test
    void labelsAreTheSpecsPlusSwarmsWhichWin() {
        Map<String, String> labels = TaskNames.containerLabels(task(2, "web",
                Map.of("team", "blue", TaskNames.TASK_ID, "forged")));
        assertThat(labels).containsEntry("team", "blue")
                .containsEntry(TaskNames.TASK_ID, "task1")
                .containsEntry(TaskNames.TASK_NAME, "web.2.task1")
                .containsEntry(TaskNames.SERVICE_ID, "svc1")
                .containsEntry(TaskNames.SERVICE_NAME, "web")
                .containsEntry(TaskNames.NODE_ID, "node1")
                .containsEntry(TaskNames.MANAGED, "true")
                .containsEntry("com.docker.swarm.task", "");
    }
}
