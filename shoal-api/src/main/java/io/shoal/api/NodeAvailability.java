package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum NodeAvailability implements WireEnum {
    ACTIVE("active"),
    PAUSE("pause"),
    DRAIN("drain");

    private final String wire;

    NodeAvailability(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NodeAvailability of(String value) {
        return WireEnum.parse(NodeAvailability.class, "availability", value);
    }
}
