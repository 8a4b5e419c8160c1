package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Swarm's task states, in their order. A task's observed state only ever moves forward
 * (a report of an earlier state is dropped), and nothing lowers a desired state.
 */
public enum TaskState implements WireEnum {
    NEW("new"),             // created by the orchestrator
    PENDING("pending"),     // resources allocated, waiting for the scheduler
    ASSIGNED("assigned"),   // bound to a node by the scheduler
    ACCEPTED("accepted"),   // the node's agent took it
    PREPARING("preparing"), // pulling the image, creating the container
    READY("ready"),         // prepared; held here while the desired state is READY
    STARTING("starting"),
    RUNNING("running"),
    COMPLETE("complete"),   // exited 0
    SHUTDOWN("shutdown"),   // stopped because it was asked to
    FAILED("failed"),       // error at or after STARTING
    REJECTED("rejected"),   // error before STARTING, or the node no longer fits
    REMOVE("remove"),       // desired state only: scaled away or service removed
    ORPHANED("orphaned");   // its node was lost

    private final String wire;

    TaskState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TaskState of(String value) {
        return WireEnum.parse(TaskState.class, "task state", value);
    }

    /** True once the task will never run (again): COMPLETE and everything after it. */
    public boolean isTerminal() {
        return compareTo(COMPLETE) >= 0;
    }

    public boolean isAfter(TaskState other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(TaskState other) {
        return compareTo(other) < 0;
    }

    /** The capitalised form the docker CLI prints ("Running"). */
    public String display() {
        return Character.toUpperCase(wire.charAt(0)) + wire.substring(1);
    }
}
