package io.shoal.manager.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Node;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.Version;
import io.shoal.manager.testing.NodeBuilder;
import io.shoal.manager.testing.ServiceSpecBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskDirtinessTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Service service(ServiceSpec spec, long version) {
        return new Service("svc", new Version(10), NOW, NOW, spec, null, null, null, null, null, new Version(version),
                null);
    }

    private static Service updated(Service s, ServiceSpec spec) {
        return s.withSpec(spec, s.spec(), new Version(s.specVersion().index() + 1), s.specVersion());
    }

    private final Service v1 = service(ServiceSpecBuilder.replicated("web", 1).constraint("node.labels.zone==a").build(), 1);
    private final Task task = Tasks.newTask(v1, 1, "n1", NOW);
    private final Node inZoneA = NodeBuilder.node("n1").label("zone", "a").build();
    private final Node inZoneB = NodeBuilder.node("n1").label("zone", "b").build();

    @Test
    void aTaskOfTheCurrentSpecVersionIsClean() {
        assertThat(TaskDirtiness.isDirty(v1, task)).isFalse();
        assertThat(TaskDirtiness.isDirty(v1, task, inZoneB)).isFalse(); // the version alone decides
    }

    @Test
    void aChangedTemplateMakesItDirty() {
        Service v2 = updated(v1, ServiceSpecBuilder.from(v1.spec()).image("busybox:2").build());
        assertThat(TaskDirtiness.isDirty(v2, task)).isTrue();
        assertThat(TaskDirtiness.isDirty(v2, task, inZoneA)).isTrue();
    }

    @Test
    void aNewVersionWithAnEqualTemplateIsClean() {
        Service v2 = updated(v1, ServiceSpecBuilder.from(v1.spec()).replicas(5).build());
        assertThat(TaskDirtiness.isDirty(v2, task)).isFalse();
    }

    @Test
    void forceUpdateMakesItDirty() {
        Service v2 = updated(v1, ServiceSpecBuilder.from(v1.spec()).forceUpdate(1).build());
        assertThat(TaskDirtiness.isDirty(v2, task)).isTrue();
    }

    @Test
    void placementAloneIsCleanWhileTheNodeStillMatches() {
        ServiceSpec spec = ServiceSpecBuilder.replicated("web", 1).constraint("node.labels.zone!=c").build();
        Service v2 = updated(v1, spec);
        assertThat(TaskDirtiness.isDirty(v2, task, inZoneA)).isFalse();
        Service v3 = updated(v1, ServiceSpecBuilder.replicated("web", 1).constraint("node.labels.zone==b").build());
        assertThat(TaskDirtiness.isDirty(v3, task, inZoneA)).isTrue();
        assertThat(TaskDirtiness.isDirty(v3, task, inZoneB)).isFalse();
        assertThat(TaskDirtiness.isDirty(v3, task, null)).isTrue(); // unassigned or node gone
        assertThat(TaskDirtiness.isDirty(v3, task)).isFalse(); // without the node: judged clean
    }

    @Test
    void tasksOfThePreviousSpecAreDirtyWhenOnlyThePortsChanged() {
        Service v2 = updated(v1, ServiceSpecBuilder.from(v1.spec()).ingressPort(8080, 80).build());
        assertThat(TaskDirtiness.isDirty(v2, task)).isTrue();
    }
}
