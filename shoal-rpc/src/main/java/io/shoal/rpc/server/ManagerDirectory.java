package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import java.util.List;
import java.util.Optional;

/** Where the managers are, as the store's nodes record it (ManagerStatus.Addr). */
final class ManagerDirectory {
    private final MemoryStore store;

    ManagerDirectory(MemoryStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** host:port of every manager, leader first. */
    List<String> managerAddrs() {
        return store.<List<String>>view(tx -> tx.all(Table.NODES).stream()
                .filter(n -> n.managerStatus() != null && n.managerStatus().addr() != null)
                .sorted((a, b) -> Boolean.compare(b.managerStatus().leader(), a.managerStatus().leader()))
                .map(n -> n.managerStatus().addr())
                .toList());
    }

    Optional<String> leaderAddr() {
        return store.view(tx -> tx.all(Table.NODES).stream()
                .map(Node::managerStatus)
                .filter(m -> m != null && m.leader() && m.addr() != null)
                .map(Node.ManagerStatus::addr)
                .findFirst());
    }
}
