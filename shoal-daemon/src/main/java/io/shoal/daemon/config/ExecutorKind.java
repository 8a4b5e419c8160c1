package io.shoal.daemon.config;

import java.util.Locale;

/** Which executor runs this node's tasks. */
public enum ExecutorKind {
    /** Containers on the local Docker Engine. */
    DOCKER,
    /** Host processes: machines without Docker, and fast tests. */
    PROCESS,
    /** Nothing runs: control-plane scale tests. */
    SIM;

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExecutorKind parse(String value) {
        for (ExecutorKind k : values()) {
            if (k.flag().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("invalid executor '" + value + "': must be one of docker, process, sim");
    }
}
