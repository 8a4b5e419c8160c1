package io.shoal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.TaskStatusUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchCodecTest {
    static final Instant AT = Instant.parse("2026-11-27T09:30:00.123456789Z");

    static Task task(String id, TaskSpec spec, long slot) {
        return new Task(id, new Version(7), AT, AT, Map.of("a", "b"), spec, "svc1", slot, "node1",
                new Task.TaskStatus(AT, TaskState.ASSIGNED, "scheduler assigned task to node", null, null, null),
                TaskState.RUNNING, null, new Version(0), new Version(1), "web");
    }

    static TaskSpec spec(String image) {
        return new TaskSpec(TaskSpec.ContainerSpec.ofImage(image), null, null, null, null, null, null, null);
    }

    @Test
    void tasksComeBackEqualAndTheirSharedSpecIsWrittenOnce() {
        TaskSpec spec = spec("busybox:latest");
        List<Task> one = List.of(task("t1", spec, 1));
        List<Task> many = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            many.add(task("t" + i, spec, i));
        }
        many.add(task("other", spec("nginx:1"), 1));

        assertThat(DispatchCodec.decodeTasks(DispatchCodec.encodeTasks(one))).isEqualTo(one);
        List<Task> back = DispatchCodec.decodeTasks(DispatchCodec.encodeTasks(many));
        assertThat(back).isEqualTo(many);
        assertThat(back.get(0).spec()).as("one instance for all tasks of the service").isSameAs(back.get(99).spec());
        int perTask = DispatchCodec.encodeTasks(many).length / many.size();
        assertThat(perTask).as("bytes per task, spec shared").isLessThan(DispatchCodec.encodeTasks(one).length);
    }

    @Test
    void statusUpdatesComeBackEqual() {
        List<TaskStatusUpdate> updates = List.of(
                new TaskStatusUpdate("t1", new Task.TaskStatus(AT, TaskState.RUNNING, "started", null,
                        new Task.ContainerStatus("c1", 42L, null), null)),
                new TaskStatusUpdate("t2", new Task.TaskStatus(AT, TaskState.FAILED, "failed", "task: non-zero exit (3)",
                        new Task.ContainerStatus("c2", null, 3L), null)));
        assertThat(DispatchCodec.decodeStatuses(DispatchCodec.encodeStatuses(updates))).isEqualTo(updates);
    }

    @Test
    void nothingIsNoBytesAndNoBytesIsNothing() {
        assertThat(DispatchCodec.encodeTasks(List.of())).isEmpty();
        assertThat(DispatchCodec.decodeTasks(new byte[0])).isEmpty();
        assertThat(DispatchCodec.decodeStatuses(new byte[0])).isEmpty();
    }

    @Test
    void aMalformedStreamIsAnInvalidArgument() {
        byte[] good = DispatchCodec.encodeStatuses(List.of(new TaskStatusUpdate("t1",
                Task.TaskStatus.of(AT, TaskState.RUNNING, "started"))));
        assertThatThrownBy(() -> DispatchCodec.decodeStatuses(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageStartingWith("malformed task status updates");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> DispatchCodec.decodeStatuses(longer))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageContaining("bytes left");
        assertThatThrownBy(() -> DispatchCodec.decodeTasks(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageStartingWith("malformed tasks");
    }

    @Test
    void anUpdateWithoutATaskIdIsRefused() {
        byte[] noId = DispatchCodec.encodeStatuses(List.of(new TaskStatusUpdate(null,
                Task.TaskStatus.of(AT, TaskState.RUNNING, "started"))));
        assertThatThrownBy(() -> DispatchCodec.decodeStatuses(noId))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageContaining("without a task ID");
    }
}
