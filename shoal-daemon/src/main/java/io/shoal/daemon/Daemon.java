package io.shoal.daemon;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.Executors;
import io.shoal.api.Ids;
import io.shoal.api.time.SystemClock;
import io.shoal.daemon.api.ApiRoutes;
import io.shoal.daemon.api.ApiServer;
import io.shoal.daemon.api.EngineProxy;
import io.shoal.daemon.api.EngineRoutes;
import io.shoal.daemon.api.HostInfo;
import io.shoal.daemon.api.LogRoutes;
import io.shoal.daemon.api.NodeRoutes;
import io.shoal.daemon.api.ServiceRoutes;
import io.shoal.daemon.api.SwarmRoutes;
import io.shoal.daemon.api.SystemRoutes;
import io.shoal.daemon.api.TaskRoutes;
import io.shoal.daemon.config.DaemonConfig;
import io.shoal.daemon.config.ExecutorKind;
import io.shoal.daemon.config.HostAddress;
import io.shoal.daemon.node.AtomicFiles;
import io.shoal.daemon.node.SwarmNode;
import io.shoal.manager.orchestrator.TaskDirtiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the executor, the swarm membership ({@link SwarmNode}) and the API server,
 * wired from a {@link DaemonConfig}. {@link #close()} stops the API, then the Manager, Agent and
 * Raft; the tasks' containers keep running for the next start to re-adopt.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("io.shoal.daemon");

    private final SystemClock clock;
    private final Executor executor;
    private final SwarmNode node;
    private final ApiServer api;
    private final EngineProxy proxy;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private Daemon(SystemClock clock, Executor executor, SwarmNode node, ApiServer api, EngineProxy proxy) {
        this.clock = clock;
        this.executor = executor;
        this.node = node;
        this.api = api;
        this.proxy = proxy;
    }

    /** Starts a node; fails with IllegalArgumentException on a setting it cannot use. */
    public static Daemon start(DaemonConfig config) {
        requireNonNull(config, "config is null");
        checkHosts(config.hosts(), config.tls().isPresent());
        BuildInfo build = BuildInfo.load();
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the data dir " + dataDir + ": " + e.getMessage(), e);
        }
        log.info("Shoal {} starting: data in {}, node name {}", build.version(), dataDir, config.hostname());
        ExecutorKind kind = chooseExecutor(config);
        SystemClock clock = new SystemClock();
        Executor executor = null;
        SwarmNode node = null;
        EngineProxy proxy = null;
        try {
            executor = Executors.create(kind.flag(), config.dockerHost(), dataDir.resolve("executor"), config.hostname());
            if (config.genericResources().isPresent()) {
                executor = new AdvertisedResources(executor, config.genericResources().get());
            }
            java.util.concurrent.atomic.AtomicReference<ApiServer> apiRef = new java.util.concurrent.atomic.AtomicReference<>();
            io.shoal.manager.ManagerConfig managerConfig = new io.shoal.manager.ManagerConfig(
                    io.shoal.manager.dispatcher.DispatcherConfig.defaults().withSessionLossGrace(config.sessionLossGrace()),
                    config.minCertExpiry());
            node = new SwarmNode(new SwarmNode.Settings(dataDir, config.listenAddr(), config.advertiseAddr(),
                    config.raftAddr(), config.hostname(), managerConfig), clock, executor, (method, path, headers, body) -> {
                        ApiServer a = apiRef.get();
                        if (a == null) {
                            throw new io.shoal.api.ShoalException.Unavailable("the API is not running");
                        }
                        return a.handleLocally(method, path, headers, body);
                    });
            HostInfo host = HostInfo.detect(config.hostname());
            SwarmNode n = node;
            List<Consumer<ApiRoutes>> routes = new ArrayList<>(List.of(
                    new SystemRoutes(n, build, host, engineId(dataDir), dataDir, kind.flag()),
                    new SwarmRoutes(n),
                    new NodeRoutes(n),
                    new ServiceRoutes(n),
                    new TaskRoutes(n, TaskDirtiness::isDirty),
                    new LogRoutes(n)));
            if (kind == ExecutorKind.DOCKER) {
                // the engine's own objects (containers, images...) are the engine's to answer
                proxy = new EngineProxy(config.dockerHost());
                routes.add(new EngineRoutes(false));
                routes.add(proxy);
            } else {
                routes.add(new EngineRoutes(true));
            }
            ApiServer api = new ApiServer(config.hosts(), build, n::local, routes, config.tls(), n);
            apiRef.set(api);
            // the API first, so /_ping and /info answer while Raft replays a long log
            api.start();
            Daemon daemon = new Daemon(clock, executor, node, api, proxy);
            try {
                node.start();
            } catch (RuntimeException e) {
                daemon.close();
                throw e;
            }
            return daemon;
        } catch (RuntimeException e) {
            if (proxy != null) {
                proxy.close();
            }
            if (node != null) {
                node.close();
            }
            if (executor != null) {
                executor.close();
            }
            clock.close();
            throw e;
        }
    }

    /** Plain HTTP only on loopback; elsewhere the API needs mutual TLS (--tlsverify). */
    static void checkHosts(List<HostAddress> hosts) {
        checkHosts(hosts, false);
    }

    static void checkHosts(List<HostAddress> hosts, boolean mutualTls) {
        if (mutualTls) {
            return;
        }
        for (HostAddress h : hosts) {
            if (h instanceof HostAddress.Tcp t && !t.isLoopback()) {
                throw new IllegalArgumentException("refusing to serve the API on " + t.uri()
                        + " without TLS: anyone who can reach it could run anything on this machine. "
                        + "Plain HTTP is only allowed on loopback addresses (tcp://127.0.0.1:2375); "
                        + "use --tlsverify --tlscacert --tlscert --tlskey for mutual TLS, or a unix socket");
            }
        }
    }

    /** docker when an engine answers at docker-host (unless told otherwise), else host processes. */
    static ExecutorKind chooseExecutor(DaemonConfig config) {
        if (config.executor().isPresent()) {
            ExecutorKind k = config.executor().get();
            log.info("executor: {} (as configured)", k.flag());
            return k;
        }
        if (Executors.dockerAnswers(config.dockerHost())) {
            log.info("executor: docker (a Docker Engine answers at {})", config.dockerHost());
            return ExecutorKind.DOCKER;
        }
        log.info("executor: process (no Docker Engine answers at {}; tasks run as host processes)", config.dockerHost());
        return ExecutorKind.PROCESS;
    }

    /** A stable ID for this engine ({@code /info} ID), made once per data dir. */
    static String engineId(Path dataDir) {
        Path f = dataDir.resolve("engine-id");
        try {
            if (Files.isRegularFile(f)) {
                String id = Files.readString(f).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        String id = Ids.newId();
        AtomicFiles.write(f, id + "\n");
        return id;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public ApiServer api() {
        return api;
    }

    public SwarmNode node() {
        return node;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        log.info("shutting down: API, manager, agent, raft (tasks keep running)");
        try {
            api.close();
        } catch (RuntimeException e) {
            log.warn("stopping the API failed: {}", e.toString());
        }
        if (proxy != null) {
            proxy.close();
        }
        node.close();
        executor.close();
        clock.close();
        log.info("stopped");
        stopped.countDown();
    }
}
