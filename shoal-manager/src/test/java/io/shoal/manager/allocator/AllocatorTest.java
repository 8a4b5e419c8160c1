package io.shoal.manager.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.EndpointMode;
import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.manager.orchestrator.Endpoints;
import io.shoal.manager.orchestrator.Tasks;
import io.shoal.manager.testing.Harness;
import io.shoal.manager.testing.ServiceSpecBuilder;
import io.shoal.store.Table;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    private final Harness h = new Harness();
    private final Allocator allocator = new Allocator(h.store, h.clock);

    @BeforeEach
    void start() {
        h.attach(allocator.loop());
    }

    /** A task as the orchestrator creates it before its service's endpoint is allocated. */
    private Task unallocated(Service s) {
        return Tasks.newTask(h.service(s.id()), 1, null, h.clock.instant())
                .withStatus(Task.TaskStatus.of(h.clock.instant(), TaskState.NEW, "created"));
    }

    private Task newTask(Service s) {
        Task t = unallocated(s);
        h.store.write(tx -> tx.create(Table.TASKS, t));
        h.settle();
        return h.task(t.id());
    }

    private static ServiceSpec.PortConfig port(int published, int target, PublishMode mode) {
        return new ServiceSpec.PortConfig(null, PortProtocol.TCP, target, published, mode);
    }

    @Test
    void newTasksBecomePendingOnceTheirServiceIsAllocated() {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 1).build());
        h.settle();
        Service allocated = h.service(s.id());
        assertThat(allocated.endpoint()).isNotNull();
        assertThat(allocated.endpoint().spec()).isEqualTo(new ServiceSpec.EndpointSpec(EndpointMode.VIP, null));
        assertThat(allocated.endpoint().ports()).isNull();

        Task t = newTask(s);
        assertThat(t.state()).isEqualTo(TaskState.PENDING);
        assertThat(t.status().message()).isEqualTo("pending task scheduling");
        assertThat(t.status().timestamp()).isEqualTo(h.clock.instant());
    }

    @Test
    void tasksOfAnAllocatedServiceAreCreatedPendingAndOthersNew() {
        Service plain = h.createService(ServiceSpecBuilder.replicated("plain", 1).build());
        Service published = h.createService(ServiceSpecBuilder.replicated("published", 1).ingressPort(8080, 80).build());
        assertThat(Tasks.newTask(h.service(published.id()), 1, null, h.clock.instant()).state())
                .as("its port is not allocated yet").isEqualTo(TaskState.NEW);
        h.settle();
        for (Service s : List.of(plain, published)) {
            Task t = Tasks.newTask(h.service(s.id()), 1, null, h.clock.instant());
            assertThat(t.state()).isEqualTo(TaskState.PENDING);
            assertThat(t.status().message()).isEqualTo(Endpoints.PENDING_MESSAGE);
        }
    }

    @Test
    void ingressPortsAreReservedAndZeroGetsADynamicPort() {
        Service a = h.createService(ServiceSpecBuilder.replicated("a", 1).ingressPort(8080, 80).ingressPort(0, 443)
                .hostPort(9000, 90).build());
        Service b = h.createService(ServiceSpecBuilder.replicated("b", 1).ingressPort(0, 80).build());
        h.settle();
        assertThat(h.service(a.id()).endpoint().ports()).containsExactly(
                port(8080, 80, PublishMode.INGRESS), port(30000, 443, PublishMode.INGRESS),
                port(9000, 90, PublishMode.HOST));
        assertThat(h.service(b.id()).endpoint().ports()).containsExactly(port(30001, 80, PublishMode.INGRESS));
        assertThat(h.service(a.id()).endpoint().spec()).isEqualTo(h.service(a.id()).spec().endpointSpec());
    }

    @Test
    void anUpdateKeepsTheDynamicPortsItHad() {
        Service a = h.createService(ServiceSpecBuilder.replicated("a", 1).ingressPort(0, 80).build());
        h.createService(ServiceSpecBuilder.replicated("b", 1).ingressPort(0, 80).build());
        h.settle();
        h.updateService(a.id(), b -> b.ingressPort(0, 443));
        h.settle();
        assertThat(h.service(a.id()).endpoint().ports()).containsExactly(
                port(30000, 80, PublishMode.INGRESS), port(30002, 443, PublishMode.INGRESS));

        h.updateService(a.id(), b -> b.image("busybox:2")); // endpoint unchanged: nothing rewritten
        h.settle();
        assertThat(h.service(a.id()).endpoint().ports()).containsExactly(
                port(30000, 80, PublishMode.INGRESS), port(30002, 443, PublishMode.INGRESS));
    }

    @Test
    void aPortHeldByAnotherServiceLeavesTheTasksNewUntilItIsFreed() {
        Service a = h.createService(ServiceSpecBuilder.replicated("a", 1).ingressPort(8080, 80).build());
        h.settle();
        Service b = h.createService(ServiceSpecBuilder.replicated("b", 1).ingressPort(8080, 80).build());
        h.settle();
        assertThat(h.service(b.id()).endpoint()).isNull();
        Task t = newTask(b);
        assertThat(t.state()).isEqualTo(TaskState.NEW);

        h.removeService(a.id());
        h.settle();
        assertThat(h.service(b.id()).endpoint().ports()).containsExactly(port(8080, 80, PublishMode.INGRESS));
        assertThat(h.task(t.id()).state()).isEqualTo(TaskState.PENDING);
    }

    @Test
    void afterARestartAllocationsAreKept() {
        Service a = h.createService(ServiceSpecBuilder.replicated("a", 1).ingressPort(0, 80).build());
        h.settle();
        h.restartLoops();
        Service b = h.createService(ServiceSpecBuilder.replicated("b", 1).ingressPort(30000, 80).build());
        Service c = h.createService(ServiceSpecBuilder.replicated("c", 1).ingressPort(0, 80).build());
        h.settle();
        assertThat(h.service(a.id()).endpoint().ports()).containsExactly(port(30000, 80, PublishMode.INGRESS));
        assertThat(h.service(b.id()).endpoint()).isNull(); // 30000 is a's
        assertThat(h.service(c.id()).endpoint().ports()).extracting(ServiceSpec.PortConfig::publishedPort)
                .doesNotContain(30000);
    }

    @Test
    void tasksBeingRemovedAreLeftToTheReaper() {
        Service s = h.createService(ServiceSpecBuilder.replicated("web", 1).build());
        h.settle();
        Task t = unallocated(s).withDesiredState(TaskState.REMOVE);
        h.store.write(tx -> tx.create(Table.TASKS, t));
        h.settle();
        assertThat(h.task(t.id()).state()).isEqualTo(TaskState.NEW);
    }

    @Test
    void dynamicPortsWrapAroundTheRange() {
        PortAllocator ports = new PortAllocator();
        List<ServiceSpec.PortConfig> zero = List.of(port(0, 80, PublishMode.INGRESS));
        int span = PortAllocator.DYNAMIC_LAST - PortAllocator.DYNAMIC_FIRST + 1;
        for (int i = 0; i < span; i++) {
            ports.allocate("s" + i, zero, null);
        }
        ports.release("s5");
        assertThat(ports.allocate("again", zero, null)).containsExactly(port(30005, 80, PublishMode.INGRESS));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ports.allocate("full", zero, null))
                .hasMessageContaining("no free port");
    }
}
