package io.shoal.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Ids;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.dispatch.Assignments;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentSetTest {
    private static Task task(TaskState state) {
        return new Task(Ids.newId(), new Version(7), Instant.EPOCH, Instant.EPOCH, Map.of(),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox:latest"), null, null, null, null, null, null, null),
                "svc", 1, "n1", Task.TaskStatus.of(Instant.EPOCH, state, state.wire()), TaskState.RUNNING, null, null,
                new Version(1));
    }

    @Test
    void onlyAssignedTasksCount() {
        Task pending = task(TaskState.PENDING);
        Task assigned = task(TaskState.ASSIGNED);
        AssignmentSet set = new AssignmentSet(10, List.of(pending, assigned));
        assertThat(set.fromIndex()).isEqualTo(10);
        assertThat(set.complete()).isEqualTo(new Assignments(true, List.of(assigned), List.of()));
        assertThat(set.addOrUpdate(task(TaskState.NEW))).isFalse();
        assertThat(set.hasChanges()).isFalse();
    }

    @Test
    void statusAloneIsNoNewsButManagerChangesAre() {
        Task t = task(TaskState.ASSIGNED);
        AssignmentSet set = new AssignmentSet(0, List.of(t));
        Task running = t.withStatus(Task.TaskStatus.of(Instant.now(), TaskState.RUNNING, "up"))
                .withMeta(new Version(9), Instant.EPOCH, Instant.now());
        assertThat(set.addOrUpdate(running)).isFalse();
        Task stopping = running.withDesiredState(TaskState.SHUTDOWN);
        assertThat(set.addOrUpdate(stopping)).isTrue();
        assertThat(set.drain()).isEqualTo(new Assignments(false, List.of(stopping), List.of()));
        assertThat(set.hasChanges()).isFalse();
        assertThat(set.modifications()).isZero();
    }

    @Test
    void aTaskStillAssignedIsAlwaysResent() {
        Task t = task(TaskState.ASSIGNED);
        AssignmentSet set = new AssignmentSet(0, List.of(t));
        assertThat(set.addOrUpdate(t.withMeta(new Version(8), Instant.EPOCH, Instant.now()))).isTrue();
    }

    @Test
    void removalsReplacePendingUpdatesAndUnknownTasksAreIgnored() {
        AssignmentSet set = new AssignmentSet(0, List.of());
        Task t = task(TaskState.ASSIGNED);
        assertThat(set.addOrUpdate(t)).isTrue();
        assertThat(set.remove(t.id())).isTrue();
        assertThat(set.remove("unknown")).isFalse();
        assertThat(set.modifications()).isEqualTo(2);
        assertThat(set.drain()).isEqualTo(new Assignments(false, List.of(), List.of(t.id())));
        // and a task that comes back after its removal is an update again
        assertThat(set.addOrUpdate(t)).isTrue();
        assertThat(set.drain()).isEqualTo(new Assignments(false, List.of(t), List.of()));
    }
}
