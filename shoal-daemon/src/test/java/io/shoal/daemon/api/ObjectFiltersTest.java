package io.shoal.daemon.api;

import static io.shoal.daemon.api.TestObjects.node;
import static io.shoal.daemon.api.TestObjects.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObjectFiltersTest {
    private final MemoryStore store = MemoryStore.local(new FakeClock());
    private Node manager;
    private Node worker;
    private Service web;
    private Service agent;
    private Task webRunning;
    private Task webOld;
    private Task agentTask;

    @BeforeEach
    void fill() {
        manager = node("alpha", NodeRole.MANAGER, Map.of("zone", "a"), Map.of("disk", "ssd"));
        worker = node("beta", NodeRole.WORKER, Map.of("zone", "b"), Map.of());
        web = TestObjects.service("web", ServiceSpec.Mode.ofReplicated(2), Map.of("com.docker.stack.namespace", "shop"));
        agent = TestObjects.service("agent", ServiceSpec.Mode.ofGlobal(), Map.of());
        webRunning = task(web, 1, manager.id(), TaskState.RUNNING, TaskState.RUNNING);
        webOld = task(web, 1, worker.id(), TaskState.SHUTDOWN, TaskState.SHUTDOWN);
        agentTask = task(agent, 0, worker.id(), TaskState.RUNNING, TaskState.RUNNING);
        store.write(tx -> {
            tx.create(Table.NODES, manager);
            tx.create(Table.NODES, worker);
            tx.create(Table.SERVICES, web);
            tx.create(Table.SERVICES, agent);
            tx.create(Table.TASKS, webRunning);
            tx.create(Table.TASKS, webOld);
            tx.create(Table.TASKS, agentTask);
        });
    }

    private List<String> nodes(String filters) {
        Predicate<Node> p = ObjectFilters.nodes(Filters.parse(filters));
        return store.<List<String>>view(tx -> tx.all(Table.NODES).stream().filter(p).map(Node::hostname).sorted().toList());
    }

    private List<String> services(String filters) {
        Predicate<Service> p = ObjectFilters.services(Filters.parse(filters));
        return store.<List<String>>view(tx -> tx.all(Table.SERVICES).stream().filter(p).map(Service::name).sorted().toList());
    }

    private List<String> tasks(String filters) {
        return store.<List<String>>view(tx -> {
            Predicate<Task> p = ObjectFilters.tasks(Filters.parse(filters), tx,
                    (s, t) -> t.status().state() == TaskState.SHUTDOWN); // "dirty": the old generation
            return tx.all(Table.TASKS).stream().filter(p).map(Task::id).sorted().toList();
        });
    }

    private static List<String> ids(Task... ts) {
        return java.util.Arrays.stream(ts).map(Task::id).sorted().toList();
    }

    @Test
    void nodesByRoleNameAndLabels() {
        assertThat(nodes("{\"role\":{\"manager\":true}}")).containsExactly("alpha");
        assertThat(nodes("{\"role\":[\"worker\"]}")).containsExactly("beta");
        assertThat(nodes("{\"name\":{\"be\":true}}")).containsExactly("beta");
        assertThat(nodes("{\"node.label\":{\"zone=b\":true}}")).containsExactly("beta");
        assertThat(nodes("{\"label\":{\"disk\":true}}")).containsExactly("alpha");
        assertThat(nodes("{\"id\":{\"" + manager.id().substring(0, 6) + "\":true}}")).containsExactly("alpha");
        assertThat(nodes("{\"membership\":{\"accepted\":true}}")).containsExactly("alpha", "beta");
        assertThat(nodes("{\"membership\":{\"pending\":true}}")).isEmpty();
    }

    @Test
    void nodeFilterValuesAreChecked() {
        assertThatThrownBy(() -> nodes("{\"role\":{\"boss\":true}}"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("Invalid role filter: 'boss'");
        assertThatThrownBy(() -> nodes("{\"membership\":{\"maybe\":true}}"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("Invalid membership filter: 'maybe'");
        assertThatThrownBy(() -> nodes("{\"desired-state\":{\"running\":true}}"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid filter 'desired-state'");
    }

    @Test
    void servicesByNameModeAndLabel() {
        assertThat(services("")).containsExactly("agent", "web");
        assertThat(services("{\"name\":{\"we\":true}}")).containsExactly("web");
        assertThat(services("{\"mode\":{\"global\":true}}")).containsExactly("agent");
        assertThat(services("{\"label\":{\"com.docker.stack.namespace=shop\":true}}")).containsExactly("web");
        assertThat(services("{\"label\":{\"com.docker.stack.namespace\":true}}")).containsExactly("web");
        assertThat(services("{\"runtime\":{\"container\":true}}")).containsExactly("agent", "web");
        assertThatThrownBy(() -> services("{\"mode\":{\"sometimes\":true}}"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("Invalid filter: 'mode=sometimes'");
    }

    @Test
    void tasksByServiceAndNodeResolveNamesAndPrefixes() {
        assertThat(tasks("{\"service\":{\"web\":true}}")).isEqualTo(ids(webRunning, webOld));
        assertThat(tasks("{\"service\":{\"" + agent.id() + "\":true}}")).isEqualTo(ids(agentTask));
        assertThat(tasks("{\"node\":{\"beta\":true}}")).isEqualTo(ids(webOld, agentTask));
        assertThat(tasks("{\"node\":{\"" + manager.id().substring(0, 5) + "\":true}}")).isEqualTo(ids(webRunning));
        assertThat(tasks("{\"service\":{\"web\":true},\"node\":{\"beta\":true}}")).isEqualTo(ids(webOld));
    }

    @Test
    void anUnknownServiceOrNodeIsNotFound() {
        assertThatThrownBy(() -> tasks("{\"service\":{\"nope\":true}}"))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("service nope not found");
        assertThatThrownBy(() -> tasks("{\"node\":{\"nope\":true}}"))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("node nope not found");
    }

    @Test
    void taskLabelsAreTheServicesLabels() {
        assertThat(tasks("{\"label\":{\"com.docker.stack.namespace=shop\":true}}")).isEqualTo(ids(webRunning, webOld));
    }

    @Test
    void desiredStateAndUpToDate() {
        assertThat(tasks("{\"desired-state\":{\"running\":true}}")).isEqualTo(ids(webRunning, agentTask));
        assertThat(tasks("{\"desired-state\":{\"shutdown\":true}}")).isEqualTo(ids(webOld));
        assertThat(tasks("{\"_up-to-date\":{\"true\":true},\"service\":{\"web\":true}}")).isEqualTo(ids(webRunning));
        assertThatThrownBy(() -> tasks("{\"desired-state\":{\"dancing\":true}}"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("Invalid desired-state filter: 'dancing'");
    }

    @Test
    void tasksByNamePrefix() {
        assertThat(tasks("{\"name\":{\"web.1\":true}}")).isEqualTo(ids(webRunning, webOld));
        assertThat(tasks("{\"name\":{\"agent.\":true}}")).isEqualTo(ids(agentTask));
    }
}
