package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum LocalNodeState implements WireEnum {
    INACTIVE("inactive"),
    PENDING("pending"),
    ACTIVE("active"),
    ERROR("error"),
    LOCKED("locked");

    private final String wire;

    LocalNodeState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static LocalNodeState of(String value) {
        return WireEnum.parse(LocalNodeState.class, "local node state", value);
    }
}
