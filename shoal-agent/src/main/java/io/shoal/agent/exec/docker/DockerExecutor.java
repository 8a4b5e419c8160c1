package io.shoal.agent.exec.docker;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.HostFacts;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.logs.LogOptions;
import io.shoal.api.logs.LogSink;
import io.shoal.api.time.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Runs tasks as containers on the local Docker Engine (docker-java over the httpclient5 transport),
 * the way Swarm's own executor does: labelled with the task, service and node, restart policy "no",
 * stopped with the task's grace period.
 */
public final class DockerExecutor implements Executor {
    /**
     * Container creates and starts running at once on the engine. A start is mostly the engine's
     * and containerd's CPU work (a shim, runc, a network namespace): beyond a few in flight per core
     * they only queue inside the engine, and a burst of starts would make every other call (stops,
     * inspects of other tasks) wait behind them. Measured on a 2-core engine, 8 at once starts 50
     * containers as fast as any higher bound (see bench/converge).
     */
    public static final int DEFAULT_PARALLELISM = 8;
    /** A pull from an unreachable registry must not hold a task in PREPARING for long. */
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient docker;
    /** The client's transport, shared with it (one connection pool). */
    private final DockerHttpClient http;
    private final String hostname;
    private final Clock clock;
    private final Semaphore slots;
    private final ImagePulls pulls;
    private final Duration infoTimeout;

    /** How long describing the node waits for the engine's {@code docker info}. */
    static final Duration DEFAULT_INFO_TIMEOUT = Duration.ofSeconds(15);

    public DockerExecutor(String dockerHost, String hostname, Clock clock) {
        this(dockerHost, hostname, clock, DEFAULT_PARALLELISM, DEFAULT_PULL_TIMEOUT);
    }

    /**
     * @param parallelism container creates and starts at once on the engine (pulls are not counted:
     *     they wait on the registry, not the engine's CPU, and are made once per image)
     * @param pullTimeout how long a task waits for the pull of its missing image
     */
    public DockerExecutor(String dockerHost, String hostname, Clock clock, int parallelism, Duration pullTimeout) {
        this(dockerHost, hostname, clock, parallelism, pullTimeout, DEFAULT_INFO_TIMEOUT);
    }

    /** @param infoTimeout how long describing the node waits for the engine's {@code docker info} */
    DockerExecutor(String dockerHost, String hostname, Clock clock, int parallelism, Duration pullTimeout,
                   Duration infoTimeout) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        requireNonNull(pullTimeout, "pullTimeout is null");
        DefaultDockerClientConfig cfg = config(requireNonNull(dockerHost, "dockerHost is null"));
        this.http = http(cfg, Duration.ofSeconds(10));
        this.docker = DockerClientImpl.getInstance(cfg, http);
        this.hostname = hostname;
        this.clock = requireNonNull(clock, "clock is null");
        this.slots = new Semaphore(parallelism, true);
        this.pulls = new ImagePulls(image -> DockerController.pull(docker, image, pullTimeout));
        this.infoTimeout = requireNonNull(infoTimeout, "infoTimeout is null");
    }

    /**
     * A client for the engine at {@code dockerHost} (unix:///path or tcp://host:port). Long calls
     * (wait, followed logs, stop with a long grace) hold a connection each, hence the large pool and
     * no response timeout.
     */
    static DockerClient client(String dockerHost, Duration connectTimeout) {
        DefaultDockerClientConfig cfg = config(dockerHost);
        return DockerClientImpl.getInstance(cfg, http(cfg, connectTimeout));
    }

    private static DefaultDockerClientConfig config(String dockerHost) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost);
        if (dockerHost.startsWith("unix://")) {
            config.withDockerTlsVerify(false);
        }
        return config.build();
    }

    private static DockerHttpClient http(DefaultDockerClientConfig cfg, Duration connectTimeout) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig())
                .maxConnections(4096)
                .connectionTimeout(connectTimeout)
                .build();
    }

    /** True if an engine answers a ping at {@code dockerHost} within a couple of seconds. */
    public static boolean answers(String dockerHost) {
        try (DockerClient c = client(dockerHost, Duration.ofSeconds(2))) {
            c.pingCmd().exec();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** From {@code docker info}: CPUs, memory, OS/arch, engine version and labels. */
    @Override
    public Node.Description describe() {
        Info info = info();
        Map<String, String> labels = new LinkedHashMap<>();
        if (info.getLabels() != null) {
            for (String l : info.getLabels()) {
                int eq = l.indexOf('=');
                labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
            }
        }
        String host = hostname != null && !hostname.isEmpty() ? hostname : info.getName();
        long cpus = info.getNCPU() == null ? 0 : info.getNCPU() * 1_000_000_000L;
        long memory = info.getMemTotal() == null ? 0 : info.getMemTotal();
        return new Node.Description(host,
                new Node.Platform(HostFacts.dockerArchitecture(String.valueOf(info.getArchitecture())),
                        info.getOsType()),
                new Node.Resources(cpus, memory),
                new Node.Engine(info.getServerVersion(), labels, List.of()), null);
    }

    /**
     * {@code docker info}, bounded: the shared client has no response timeout (container waits
     * last as long as containers run), and a node must not hang opening its session on a wedged engine.
     */
    private Info info() {
        java.util.concurrent.FutureTask<Info> call = new java.util.concurrent.FutureTask<>(() -> docker.infoCmd().exec());
        Thread.ofVirtual().name("shoal-docker-info").start(call);
        try {
            return call.get(infoTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            throw ExecException.temporary("docker engine: no answer to docker info within " + infoTimeout.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw ExecException.temporary("interrupted while asking the docker engine for its info", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? DockerErrors.classify(r)
                    : ExecException.temporary("docker engine: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public TaskController controller(Task task) {
        if (task.spec() == null || task.spec().containerSpec() == null
                || task.spec().containerSpec().image() == null || task.spec().containerSpec().image().isEmpty()) {
            throw ExecException.fatal("task has no container image");
        }
        return new DockerController(docker, http, task, clock, slots, pulls);
    }

    @Override
    public void stream(Task task, LogOptions options, LogSink sink) throws InterruptedException {
        DockerLogs.stream(docker, task, options, sink);
    }

    /** The client, for tests that inspect what the executor made. */
    DockerClient docker() {
        return docker;
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
