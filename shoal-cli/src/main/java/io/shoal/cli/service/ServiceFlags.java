package io.shoal.cli.service;

import io.shoal.cli.command.Converters;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags {@code service create} and {@code service update} share (docker's
 * {@code addServiceFlags}). A null field means "not given", which is what decides whether
 * docker touches the matching part of the spec.
 */
public final class ServiceFlags {
    @Option(names = {"-d", "--detach"}, arity = "0..1",
            description = "Exit immediately instead of waiting for the service to converge")
    boolean detach;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Suppress progress output")
    boolean quiet;

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "string",
            description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--hostname", paramLabel = "string", description = "Container hostname")
    String hostname;

    @Option(names = "--entrypoint", paramLabel = "command", converter = ValueChecks.ShellWords.class, description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = "--cap-add", paramLabel = "list", description = "Add Linux capabilities")
    List<String> capAdd;

    @Option(names = "--cap-drop", paramLabel = "list", description = "Drop Linux capabilities")
    List<String> capDrop;

    @Option(names = "--limit-cpu", paramLabel = "decimal", converter = Converters.NanoCpus.class, description = "Limit CPUs")
    Long limitCpu;

    @Option(names = "--limit-memory", paramLabel = "bytes", converter = Converters.MemBytes.class, description = "Limit Memory")
    Long limitMemory;

    @Option(names = "--limit-pids", paramLabel = "int", converter = Converters.Int64.class,
            description = "Limit maximum number of processes (default 0 = unlimited)")
    Long limitPids;

    @Option(names = "--reserve-cpu", paramLabel = "decimal", converter = Converters.NanoCpus.class, description = "Reserve CPUs")
    Long reserveCpu;

    @Option(names = "--reserve-memory", paramLabel = "bytes", converter = Converters.MemBytes.class, description = "Reserve Memory")
    Long reserveMemory;

    @Option(names = "--stop-grace-period", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Time to wait before force killing a container (ns|us|ms|s|m|h) (default 10s)")
    Long stopGracePeriod;

    @Option(names = "--replicas", paramLabel = "uint", converter = Converters.Uint64.class, description = "Number of tasks")
    Long replicas;

    @Option(names = "--max-concurrent", paramLabel = "uint", converter = Converters.Uint64.class,
            description = "Number of job tasks to run concurrently (default equal to --replicas)")
    Long maxConcurrent;

    @Option(names = "--replicas-max-per-node", paramLabel = "uint", converter = Converters.Uint64.class,
            description = "Maximum number of tasks per node (default 0 = unlimited)")
    Long maxReplicasPerNode;

    @Option(names = "--restart-condition", paramLabel = "string",
            description = "Restart when condition is met (\"none\", \"on-failure\", \"any\") (default \"any\")")
    String restartCondition;

    @Option(names = "--restart-delay", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Delay between restart attempts (ns|us|ms|s|m|h) (default 5s)")
    Long restartDelay;

    @Option(names = "--restart-max-attempts", paramLabel = "uint", converter = Converters.Uint64.class,
            description = "Maximum number of restarts before giving up")
    Long restartMaxAttempts;

    @Option(names = "--restart-window", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Window used to evaluate the restart policy (ns|us|ms|s|m|h)")
    Long restartWindow;

    @Option(names = "--update-parallelism", paramLabel = "uint", converter = Converters.Uint64.class,
            description = "Maximum number of tasks updated simultaneously (0 to update all at once)")
    Long updateParallelism;

    @Option(names = "--update-delay", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Delay between updates (ns|us|ms|s|m|h) (default 0s)")
    Long updateDelay;

    @Option(names = "--update-monitor", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Duration after each task update to monitor for failure (ns|us|ms|s|m|h) (default 5s)")
    Long updateMonitor;

    @Option(names = "--update-failure-action", paramLabel = "string",
            description = "Action on update failure (\"pause\", \"continue\", \"rollback\") (default \"pause\")")
    String updateFailureAction;

    @Option(names = "--update-max-failure-ratio", paramLabel = "float", converter = Converters.Float32.class,
            description = "Failure rate to tolerate during an update (default 0)")
    Float updateMaxFailureRatio;

    @Option(names = "--update-order", paramLabel = "string",
            description = "Update order (\"start-first\", \"stop-first\") (default \"stop-first\")")
    String updateOrder;

    @Option(names = "--rollback-parallelism", paramLabel = "uint", converter = Converters.Uint64.class,
            description = "Maximum number of tasks rolled back simultaneously (0 to roll back all at once)")
    Long rollbackParallelism;

    @Option(names = "--rollback-delay", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Delay between task rollbacks (ns|us|ms|s|m|h) (default 0s)")
    Long rollbackDelay;

    @Option(names = "--rollback-monitor", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h) (default 5s)")
    Long rollbackMonitor;

    @Option(names = "--rollback-failure-action", paramLabel = "string",
            description = "Action on rollback failure (\"pause\", \"continue\") (default \"pause\")")
    String rollbackFailureAction;

    @Option(names = "--rollback-max-failure-ratio", paramLabel = "float", converter = Converters.Float32.class,
            description = "Failure rate to tolerate during a rollback (default 0)")
    Float rollbackMaxFailureRatio;

    @Option(names = "--rollback-order", paramLabel = "string",
            description = "Rollback order (\"start-first\", \"stop-first\") (default \"stop-first\")")
    String rollbackOrder;

    @Option(names = "--endpoint-mode", paramLabel = "string", description = "Endpoint mode (vip or dnsrr) (default \"vip\")")
    String endpointMode;

    @Option(names = "--with-registry-auth", arity = "0..1",
            description = "Send registry authentication details to swarm agents")
    boolean withRegistryAuth;

    @Option(names = "--no-resolve-image", arity = "0..1",
            description = "Do not query the registry to resolve image digest and supported platforms")
    boolean noResolveImage;

    @Option(names = "--log-driver", paramLabel = "string", description = "Logging driver for service")
    String logDriver;

    @Option(names = "--log-opt", paramLabel = "list", description = "Logging driver options")
    List<String> logOpt;

    @Option(names = "--health-cmd", paramLabel = "string", description = "Command to run to check health")
    String healthCmd;

    @Option(names = "--health-interval", paramLabel = "duration", converter = Converters.PositiveDuration.class,
            description = "Time between running the check (ms|s|m|h)")
    Long healthInterval;

    @Option(names = "--health-timeout", paramLabel = "duration", converter = Converters.PositiveDuration.class,
            description = "Maximum time to allow one check to run (ms|s|m|h)")
    Long healthTimeout;

    @Option(names = "--health-retries", paramLabel = "int", description = "Consecutive failures needed to report unhealthy")
    Integer healthRetries;

    @Option(names = "--health-start-period", paramLabel = "duration", converter = Converters.PositiveDuration.class,
            description = "Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)")
    Long healthStartPeriod;

    @Option(names = "--health-start-interval", paramLabel = "duration", converter = Converters.PositiveDuration.class,
            description = "Time between running the check during the start period (ms|s|m|h)")
    Long healthStartInterval;

    @Option(names = "--no-healthcheck", arity = "0..1", description = "Disable any container-specified HEALTHCHECK")
    Boolean noHealthcheck;

    @Option(names = {"-t", "--tty"}, arity = "0..1", description = "Allocate a pseudo-TTY")
    Boolean tty;

    @Option(names = "--read-only", arity = "0..1", description = "Mount the container's root filesystem as read only")
    Boolean readOnly;

    @Option(names = "--stop-signal", paramLabel = "string", description = "Signal to stop the container")
    String stopSignal;

    @Option(names = "--isolation", paramLabel = "string", description = "Service container isolation mode")
    String isolation;

    boolean anyUpdateConfig() {
        return updateParallelism != null || updateDelay != null || updateMonitor != null
                || updateFailureAction != null || updateMaxFailureRatio != null || updateOrder != null;
    }

    boolean anyRollbackConfig() {
        return rollbackParallelism != null || rollbackDelay != null || rollbackMonitor != null
                || rollbackFailureAction != null || rollbackMaxFailureRatio != null || rollbackOrder != null;
    }

    boolean anyRestartPolicy() {
        return restartCondition != null || restartDelay != null || restartMaxAttempts != null || restartWindow != null;
    }

    boolean anyHealthSetting() {
        return (healthCmd != null && !healthCmd.isEmpty()) || healthInterval != null || healthTimeout != null
                || healthStartPeriod != null || healthStartInterval != null || (healthRetries != null && healthRetries != 0);
    }
}
