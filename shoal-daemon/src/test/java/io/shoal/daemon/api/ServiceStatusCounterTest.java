package io.shoal.daemon.api;

import static io.shoal.daemon.api.TestObjects.service;
import static io.shoal.daemon.api.TestObjects.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceStatusCounterTest {
    @Test
    void replicatedDesiredIsTheReplicaCountAndRunningTheRunningTasks() {
        Service s = service("web", 3);
        Service.ServiceStatus st = ServiceStatusCounter.count(s, List.of(
                task(s, 1, "n1", TaskState.RUNNING, TaskState.RUNNING),
                task(s, 2, "n1", TaskState.STARTING, TaskState.RUNNING),
                task(s, 3, "n1", TaskState.RUNNING, TaskState.RUNNING),
                task(s, 3, "n1", TaskState.SHUTDOWN, TaskState.SHUTDOWN)));
        assertThat(st).isEqualTo(new Service.ServiceStatus(2, 3, 0));
    }

    @Test
    void tasksOnADownNodeDoNotCountAsRunning() {
        Service s = service("web", 2);
        List<io.shoal.api.Task> tasks = List.of(
                task(s, 1, "n1", TaskState.RUNNING, TaskState.RUNNING),
                task(s, 2, "gone", TaskState.RUNNING, TaskState.SHUTDOWN),
                task(s, 2, "n1", TaskState.RUNNING, TaskState.RUNNING));
        assertThat(ServiceStatusCounter.count(s, tasks)).isEqualTo(new Service.ServiceStatus(3, 2, 0));
        assertThat(ServiceStatusCounter.count(s, tasks, java.util.Set.of("gone")))
                .isEqualTo(new Service.ServiceStatus(2, 2, 0));
    }

    @Test
    void replicatedWithoutACountMeansOne() {
        Service s = TestObjects.service("web", new ServiceSpec.Mode(new ServiceSpec.Replicated(null), null, null, null),
                Map.of());
        assertThat(ServiceStatusCounter.count(s, List.of()).desiredTasks()).isEqualTo(1);
    }

    @Test
    void globalDesiredIsTheTasksDesiredRunning() {
        Service s = TestObjects.service("agent", ServiceSpec.Mode.ofGlobal(), Map.of());
        Service.ServiceStatus st = ServiceStatusCounter.count(s, List.of(
                task(s, 0, "n1", TaskState.RUNNING, TaskState.RUNNING),
                task(s, 0, "n2", TaskState.PENDING, TaskState.RUNNING),
                task(s, 0, "n3", TaskState.SHUTDOWN, TaskState.SHUTDOWN)));
        assertThat(st).isEqualTo(new Service.ServiceStatus(1, 2, 0));
    }

    @Test
    void jobsCountOnlyTheCurrentIteration() {
        Service s = TestObjects.service("batch", ServiceSpec.Mode.ofReplicatedJob(2, 4), Map.of())
                .withJobStatus(new Service.JobStatus(new Version(1), TestObjects.T0));
        var current = new java.util.ArrayList<io.shoal.api.Task>();
        for (TaskState state : List.of(TaskState.COMPLETE, TaskState.RUNNING, TaskState.PENDING)) {
            var t = task(s, 1, "n1", state, TaskState.COMPLETE);
            current.add(new io.shoal.api.Task(t.id(), t.version(), t.createdAt(), t.updatedAt(), t.labels(), t.spec(),
                    t.serviceId(), t.slot(), t.nodeId(), t.status(), t.desiredState(), null, new Version(1), t.specVersion()));
        }
        var old = task(s, 1, "n1", TaskState.COMPLETE, TaskState.COMPLETE); // no iteration: an earlier run
        current.add(old);
        Service.ServiceStatus st = ServiceStatusCounter.count(s, current);
        assertThat(st).isEqualTo(new Service.ServiceStatus(1, 2, 1));
    }
}
