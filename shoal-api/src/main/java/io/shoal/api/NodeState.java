package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum NodeState implements WireEnum {
    UNKNOWN("unknown"),
    DOWN("down"),
    READY("ready"),
    DISCONNECTED("disconnected");

    private final String wire;

    NodeState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NodeState of(String value) {
        return WireEnum.parse(NodeState.class, "node state", value);
    }
}
