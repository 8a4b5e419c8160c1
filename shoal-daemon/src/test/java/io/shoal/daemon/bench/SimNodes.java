package io.shoal.daemon.bench;

import io.shoal.agent.Agent;
import io.shoal.agent.exec.sim.SimExecutor;
import io.shoal.api.Node;
import io.shoal.api.TaskState;
import io.shoal.api.time.SystemClock;
import io.shoal.rpc.client.JoinClient;
import io.shoal.rpc.client.Joined;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.client.RemoteDispatcher;
import io.shoal.rpc.tls.ReloadableIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Simulated nodes for bench/control-plane: joins {@code count} nodes to a running manager with a
 * join token (each gets its own certificate), and runs an {@link Agent} with the sim executor for
 * each, with its own gRPC channel and mutual-TLS session to the manager's dispatcher, exactly as a
 * worker daemon does. It holds no state on disk.
 * <p>
 * {@code SimNodes MANAGER_ADDR TOKEN COUNT CONTROL_DIR [MAX_MINUTES]}: writes
 * {@code CONTROL_DIR/ready} once every agent holds a session, prints how many tasks its agents see
 * RUNNING every 5 s, and stops (closing the sessions) when {@code CONTROL_DIR/stop} appears or after
 * MAX_MINUTES (default 30).
 */
public final class SimNodes {
    private SimNodes() {}

    private record SimNode(Joined joined, ManagerConnection connection, RemoteDispatcher dispatcher, Agent agent) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SimNodes MANAGER_ADDR TOKEN COUNT CONTROL_DIR [MAX_MINUTES]");
            System.exit(2);
        }
        String manager = args[0];
        String token = args[1];
        int count = Integer.parseInt(args[2]);
        Path control = Path.of(args[3]);
        Duration max = Duration.ofMinutes(args.length > 4 ? Long.parseLong(args[4]) : 30);
        Instant deadline = Instant.now().plus(max);
        io.shoal.daemon.Logging.configure("info"); // the agents' session messages, as a daemon logs them

        try (SystemClock clock = new SystemClock()) {
            List<SimNode> nodes = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            // patient: on a loaded machine a manager signing hundreds of certificates answers slowly
            JoinClient joiner = new JoinClient(clock, Duration.ofSeconds(60), 10, Duration.ofSeconds(2));
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<?>> joins = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int n = i;
                    joins.add(pool.submit(() -> {
                        Joined j = joiner.join(token, List.of(manager), null);
                        ManagerConnection c = new ManagerConnection(List.of(j.managerAddr()),
                                new ReloadableIdentity(j.identity()), clock);
                        RemoteDispatcher d = new RemoteDispatcher(c);
                        String host = String.format("sim-%04d", n);
                        SimExecutor exec = new SimExecutor(host, new Node.Resources(4_000_000_000L, 8L << 30), clock,
                                null);
                        Agent a = new Agent(j.nodeId(), () -> d, exec, clock, null, "127.0.30.200:0");
                        nodes.add(new SimNode(j, c, d, a));
                        a.start();
                        return null;
                    }));
                }
                for (Future<?> f : joins) {
                    f.get();
                }
            }
            System.out.printf("SimNodes: %d nodes joined in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
            while (nodes.stream().anyMatch(n -> !n.agent().connected())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("not every agent got a session in time");
                }
                Thread.sleep(100);
            }
            System.out.printf("SimNodes: %d sessions open after %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
            Files.createDirectories(control);
            Files.writeString(control.resolve("ready"), count + "\n");

            int last = -1;
            while (!Files.exists(control.resolve("stop")) && Instant.now().isBefore(deadline)) {
                Thread.sleep(5_000);
                int running = 0;
                int connected = 0;
                for (SimNode n : nodes) {
                    connected += n.agent().connected() ? 1 : 0;
                    running += (int) n.agent().tasks().stream()
                            .filter(t -> t.status() != null && t.status().state() == TaskState.RUNNING).count();
                }
                if (running != last) {
                    System.out.printf("SimNodes: %d tasks running on %d connected agents%n", running, connected);
                    last = running;
                }
            }
            System.out.println("SimNodes: stopping");
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (SimNode n : nodes) {
                    pool.submit(() -> {
                        n.agent().close();
                        n.dispatcher().close();
                        n.connection().close();
                    });
                }
            }
        }
    }
}
