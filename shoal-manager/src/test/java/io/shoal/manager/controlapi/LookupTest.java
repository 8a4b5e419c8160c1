package io.shoal.manager.controlapi;

import static io.shoal.manager.controlapi.Specs.node;
import static io.shoal.manager.controlapi.Specs.service;
import static io.shoal.manager.controlapi.Specs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Node;
import io.shoal.api.NodeAvailability;
import io.shoal.api.NodeRole;
import io.shoal.api.NodeState;
import io.shoal.api.Service;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LookupTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);

    private Service storeService(String id, String name) {
        Service s = new Service(id, Version.ZERO, null, null, service(name), null, null, null, null, null, new Version(1), null);
        store.write(tx -> tx.create(Table.SERVICES, s));
        return store.view(tx -> tx.get(Table.SERVICES, id)).orElseThrow();
    }

    @Test
    void servicesResolveByIdThenNameThenUniquePrefix() {
        Service web = storeService("abc1000000000000000000000", "web");
        Service api = storeService("abc2000000000000000000000", "api");
        // a name that looks like another service's ID prefix: the name wins
        Service tricky = storeService("zzz0000000000000000000000", "abc1");

        assertThat(store.<Service>view(tx -> Lookup.service(tx, web.id()))).isEqualTo(web);
        assertThat(store.<Service>view(tx -> Lookup.service(tx, "WEB"))).isEqualTo(web);
        assertThat(store.<Service>view(tx -> Lookup.service(tx, "abc2"))).isEqualTo(api);
        assertThat(store.<Service>view(tx -> Lookup.service(tx, "abc1"))).isEqualTo(tricky);
        assertThatThrownBy(() -> store.view(tx -> Lookup.service(tx, "abc")))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("service abc is ambiguous (2 matches found)");
        assertThatThrownBy(() -> store.view(tx -> Lookup.service(tx, "nope")))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("service nope not found");
        assertThatThrownBy(() -> store.view(tx -> Lookup.service(tx, "")))
                .isInstanceOf(ShoalException.NotFound.class);
    }

    @Test
    void nodesResolveByHostnameOrSpecNameAndDuplicateHostnamesAreAmbiguous() {
        Node a = node("n1a0000000000000000000000", "alpha", NodeRole.MANAGER, NodeState.READY);
        Node b = node("n1b0000000000000000000000", "beta", NodeRole.WORKER, NodeState.READY)
                .withSpec(new Node.NodeSpec("web-box", Map.of(), NodeRole.WORKER, NodeAvailability.ACTIVE));
        Node c1 = node("n2c0000000000000000000000", "twin", NodeRole.WORKER, NodeState.READY);
        Node c2 = node("n2d0000000000000000000000", "twin", NodeRole.WORKER, NodeState.DOWN);
        store.write(tx -> {
            tx.create(Table.NODES, a);
            tx.create(Table.NODES, b);
            tx.create(Table.NODES, c1);
            tx.create(Table.NODES, c2);
        });

        assertThat(store.<Node>view(tx -> Lookup.node(tx, a.id())).id()).isEqualTo(a.id());
        assertThat(store.<Node>view(tx -> Lookup.node(tx, "Alpha")).id()).isEqualTo(a.id());
        assertThat(store.<Node>view(tx -> Lookup.node(tx, "web-box")).id()).isEqualTo(b.id());
        assertThat(store.<Node>view(tx -> Lookup.node(tx, "n2c")).id()).isEqualTo(c1.id());
        assertThatThrownBy(() -> store.view(tx -> Lookup.node(tx, "twin")))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("node twin is ambiguous (2 matches found)");
        assertThatThrownBy(() -> store.view(tx -> Lookup.node(tx, "n1")))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("node n1 is ambiguous (2 matches found)");
        assertThatThrownBy(() -> store.view(tx -> Lookup.node(tx, "gamma")))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("node gamma not found");
    }

    @Test
    void tasksResolveByDockerTaskNames() {
        Service web = storeService("s000000000000000000000001", "web");
        Task replica = task(web.id(), 2, "node1", TaskState.RUNNING);
        Task global = task(web.id(), 0, "node7", TaskState.RUNNING);
        store.write(tx -> {
            tx.create(Table.TASKS, replica);
            tx.create(Table.TASKS, global);
        });

        assertThat(store.<Task>view(tx -> Lookup.task(tx, replica.id())).id()).isEqualTo(replica.id());
        assertThat(store.<Task>view(tx -> Lookup.task(tx, "web.2." + replica.id())).id()).isEqualTo(replica.id());
        assertThat(store.<Task>view(tx -> Lookup.task(tx, "WEB.2." + replica.id())).id()).isEqualTo(replica.id());
        assertThat(store.<Task>view(tx -> Lookup.task(tx, "web.node7." + global.id())).id()).isEqualTo(global.id());
        assertThat(store.<Task>view(tx -> Lookup.task(tx, replica.id().substring(0, 12))).id()).isEqualTo(replica.id());
        assertThat(store.<String>view(tx -> Lookup.taskName(tx, replica))).isEqualTo("web.2." + replica.id());
        assertThatThrownBy(() -> store.view(tx -> Lookup.task(tx, "web.3." + replica.id())))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("task web.3." + replica.id() + " not found");
        assertThatThrownBy(() -> store.view(tx -> Lookup.task(tx, "")))
                .isInstanceOf(ShoalException.NotFound.class);
    }
}
