package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum RestartCondition implements WireEnum {
    NONE("none"),
    ON_FAILURE("on-failure"),
    ANY("any");

    private final String wire;

    RestartCondition(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RestartCondition of(String value) {
        return WireEnum.parse(RestartCondition.class, "restart condition", value);
    }
}
