package io.shoal.manager.controlapi;

import io.shoal.api.EndpointMode;
import io.shoal.api.PublishMode;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.TaskSpec;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SwarmKit's checks on a service spec (controlapi/service.go), with its messages, plus a few for
 * values Go's unsigned types would have refused while decoding. Every failure is InvalidArgument
 * (400), except an unknown runtime.
 */
public final class ServiceSpecValidator {
    private static final Pattern DNS_NAME = Pattern.compile("^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$");
    private static final Pattern CONSTRAINT_KEY = Pattern.compile("(?i)^[a-z_][a-z0-9\\-_.]+$");
    private static final Pattern CONSTRAINT_VALUE = Pattern.compile("(?i)^[a-z0-9:\\-_\\s.*()?+\\[\\]\\\\^$|/]+$");
    private static final long MIN_NANO_CPUS = 1_000_000L;
    private static final long MIN_MEMORY = 4L * 1024 * 1024;
    private static final long MIN_HEALTH_DURATION = 1_000_000L; // 1 ms
    private static final int MAX_PORT = 65535;

    private ServiceSpecValidator() {}

    public static void validate(ServiceSpec spec) {
        if (spec == null) {
            throw invalid("invalid argument");
        }
        TaskSpec task = spec.taskTemplate();
        // dockerd's conversion errors come before SwarmKit's validation.
        if (task != null && task.runtime() != null && !task.runtime().isEmpty()
                && !task.runtime().equals(ServiceSpecDefaults.CONTAINER_RUNTIME)) {
            throw invalid("unsupported runtime");
        }
        if (task == null || task.containerSpec() == null) {
            throw invalid("mismatched Runtime and *Spec fields");
        }
        validateName(spec.name());
        validateTaskSpec(task);
        validateMode(spec.mode());
        if (spec.mode() != null && spec.mode().isJob()) {
            if (spec.updateConfig() != null) {
                throw invalid("Jobs may not have an update config");
            }
        } else {
            validateUpdate(spec.updateConfig(), "update");
        }
        validateUpdate(spec.rollbackConfig(), "rollback");
        validateEndpoint(spec.endpointSpec());
    }

    static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("meta: name must be provided");
        }
        if (!DNS_NAME.matcher(name).matches()) {
            throw invalid("name must be valid as a DNS name component");
        }
        if (name.length() > 63) {
            throw invalid("name must be 63 characters or fewer");
        }
    }

    private static void validateTaskSpec(TaskSpec t) {
        if (t.resources() != null) {
            validateResources(t.resources().limits());
            validateResources(t.resources().reservations());
        }
        validateRestartPolicy(t.restartPolicy());
        validatePlacement(t.placement());
        validateSecretRefs(t.containerSpec().secrets());
        validateConfigRefs(t.containerSpec().configs());
        validateContainer(t.containerSpec());
    }

    private static void validateResources(TaskSpec.Resources r) {
        if (r == null) {
            return;
        }
        long cpus = r.nanoCpusOrZero();
        if (cpus != 0 && cpus < MIN_NANO_CPUS) {
            throw invalid("invalid cpu value " + goFloat(cpus / 1e9) + ": Must be at least 0.001");
        }
        long mem = r.memoryBytesOrZero();
        if (mem != 0 && mem < MIN_MEMORY) {
            throw invalid("invalid memory value " + mem + ": Must be at least 4MiB");
        }
        if (r.pids() != null && r.pids() < 0) {
            throw invalid("invalid pids limit " + r.pids() + ": cannot be negative");
        }
    }

    private static void validateRestartPolicy(TaskSpec.RestartPolicy rp) {
        if (rp == null) {
            return;
        }
        if (rp.delay() != null && rp.delay() < 0) {
            throw invalid("TaskSpec: restart-delay cannot be negative");
        }
        if (rp.window() != null && rp.window() < 0) {
            throw invalid("TaskSpec: restart-window cannot be negative");
        }
        if (rp.maxAttempts() != null && rp.maxAttempts() < 0) {
            throw invalid("TaskSpec: restart-max-attempts cannot be negative");
        }
    }

    private static void validatePlacement(TaskSpec.Placement p) {
        if (p == null) {
            return;
        }
        if (p.maxReplicas() != null && p.maxReplicas() < 0) {
            throw invalid("TaskSpec: placement max-replicas cannot be negative");
        }
        if (p.constraints() == null) {
            return;
        }
        for (String c : p.constraints()) {
            validateConstraint(c);
        }
    }

    /** SwarmKit's constraint.Parse: {@code key==value} or {@code key!=value}. */
    static void validateConstraint(String expr) {
        String e = expr == null ? "" : expr;
        for (String op : List.of("==", "!=")) {
            int i = e.indexOf(op);
            if (i < 0) {
                continue;
            }
            String key = e.substring(0, i).trim();
            String value = e.substring(i + op.length()).trim();
            if (!CONSTRAINT_KEY.matcher(key).matches()) {
                throw invalid("key '" + key + "' is invalid");
            }
            if (!CONSTRAINT_VALUE.matcher(value).matches()) {
                throw invalid("value '" + value + "' is invalid");
            }
            return;
        }
        throw invalid("constraint expected one operator from ==, !=");
    }

    private static void validateSecretRefs(List<TaskSpec.SecretReference> refs) {
        if (refs == null) {
            return;
        }
        Map<String, String> targets = new HashMap<>();
        for (TaskSpec.SecretReference r : refs) {
            if (isEmpty(r.secretId()) || isEmpty(r.secretName())) {
                throw invalid("malformed secret reference");
            }
            if (r.file() == null) {
                throw invalid("malformed secret reference, no target provided");
            }
            if (isEmpty(r.file().name())) {
                throw invalid("malformed file secret reference, invalid target file name provided");
            }
            String previous = targets.putIfAbsent(r.file().name(), r.secretName());
            if (previous != null) {
                throw invalid("secret references '" + previous + "' and '" + r.secretName()
                        + "' have a conflicting target: '" + r.file().name() + "'");
            }
        }
    }

    private static void validateConfigRefs(List<TaskSpec.ConfigReference> refs) {
        if (refs == null) {
            return;
        }
        Map<String, String> targets = new HashMap<>();
        for (TaskSpec.ConfigReference r : refs) {
            if (isEmpty(r.configId()) || isEmpty(r.configName())) {
                throw invalid("malformed config reference");
            }
            if (r.file() == null && r.runtime() == null) {
                throw invalid("malformed config reference, no target provided");
            }
            if (r.file() == null) {
                continue;
            }
            if (isEmpty(r.file().name())) {
                throw invalid("malformed file config reference, invalid target file name provided");
            }
            String previous = targets.putIfAbsent(r.file().name(), r.configName());
            if (previous != null) {
                throw invalid("config references '" + previous + "' and '" + r.configName()
                        + "' have a conflicting target: '" + r.file().name() + "'");
            }
        }
    }

    private static void validateContainer(TaskSpec.ContainerSpec c) {
        if (isEmpty(c.image())) {
            throw invalid("ContainerSpec: image reference must be provided");
        }
        if (!ImageReference.isValid(c.image())) {
            throw invalid("ContainerSpec: \"" + c.image() + "\" is not a valid repository/tag");
        }
        if (c.mounts() != null) {
            Set<String> seen = new HashSet<>();
            for (TaskSpec.Mount m : c.mounts()) {
                if (!seen.add(m.target() == null ? "" : m.target())) {
                    throw invalid("ContainerSpec: duplicate mount point: " + m.target());
                }
            }
        }
        if (c.stopGracePeriod() != null && c.stopGracePeriod() < 0) {
            throw invalid("ContainerSpec: stop-grace-period cannot be negative");
        }
        TaskSpec.HealthConfig h = c.healthCheck();
        if (h != null) {
            checkHealthDuration("Interval", h.interval());
            checkHealthDuration("Timeout", h.timeout());
            checkHealthDuration("StartPeriod", h.startPeriod());
            checkHealthDuration("StartInterval", h.startInterval());
            if (h.retries() != null && h.retries() < 0) {
                throw invalid("ContainerSpec: Retries in HealthConfig cannot be negative");
            }
        }
    }

    private static void checkHealthDuration(String what, Long nanos) {
        if (nanos != null && nanos != 0 && nanos < MIN_HEALTH_DURATION) {
            throw invalid("ContainerSpec: " + what + " in HealthConfig cannot be less than 1ms");
        }
    }

    private static void validateMode(ServiceSpec.Mode m) {
        if (m == null) {
            return;
        }
        if (m.replicated() != null && m.replicated().replicas() != null && m.replicated().replicas() < 0) {
            throw invalid("Number of replicas must be non-negative");
        }
        if (m.replicatedJob() != null) {
            if (m.replicatedJob().maxConcurrent() != null && m.replicatedJob().maxConcurrent() < 0) {
                throw invalid("Maximum concurrent jobs must not be negative");
            }
            if (m.replicatedJob().totalCompletions() != null && m.replicatedJob().totalCompletions() < 0) {
                throw invalid("Total completed jobs must not be negative");
            }
        }
    }

    private static void validateUpdate(ServiceSpec.UpdateConfig u, String kind) {
        if (u == null) {
            return;
        }
        if (u.parallelism() != null && u.parallelism() < 0) {
            throw invalid("TaskSpec: " + kind + "-parallelism cannot be negative");
        }
        if (u.delay() != null && u.delay() < 0) {
            throw invalid("TaskSpec: " + kind + "-delay cannot be negative");
        }
        if (u.monitor() != null && u.monitor() < 0) {
            throw invalid("TaskSpec: " + kind + "-monitor cannot be negative");
        }
        if (u.maxFailureRatio() != null && (u.maxFailureRatio() < 0 || u.maxFailureRatio() > 1
                || u.maxFailureRatio().isNaN())) {
            throw invalid("TaskSpec: " + kind + "-maxfailureratio cannot be less than 0 or bigger than 1");
        }
    }

    private record PortKey(int port, Object protocol) {}

    private static void validateEndpoint(ServiceSpec.EndpointSpec e) {
        if (e == null || e.ports() == null) {
            return;
        }
        Set<PortKey> published = new HashSet<>();
        for (ServiceSpec.PortConfig p : e.ports()) {
            checkPortRange(p.targetPort());
            checkPortRange(p.publishedPort());
            if (e.mode() == EndpointMode.DNSRR && p.publishMode() == PublishMode.INGRESS) {
                throw invalid("EndpointSpec: port published with ingress mode can't be used with dnsrr mode");
            }
            if (p.publishedPort() == null || p.publishedPort() == 0) {
                continue;
            }
            if (!published.add(new PortKey(p.publishedPort(), p.protocol()))) {
                throw invalid("EndpointSpec: duplicate published ports provided");
            }
        }
    }

    private static void checkPortRange(Integer port) {
        if (port != null && (port < 0 || port > MAX_PORT)) {
            throw invalid("EndpointSpec: port " + port + " is out of range (0-65535)");
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** A number as Go's %g prints it (shortest form; exponent below 1e-4). */
    static String goFloat(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 21) {
            BigDecimal mantissa = d.movePointLeft(exp).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return d.toPlainString();
    }

    private static ShoalException invalid(String message) {
        return new ShoalException.InvalidArgument(message);
    }
}
