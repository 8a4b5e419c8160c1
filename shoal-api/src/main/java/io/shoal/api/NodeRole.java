package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum NodeRole implements WireEnum {
    WORKER("worker"),
    MANAGER("manager");

    private final String wire;

    NodeRole(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NodeRole of(String value) {
        return WireEnum.parse(NodeRole.class, "role", value);
    }
}
