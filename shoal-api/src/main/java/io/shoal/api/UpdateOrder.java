package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum UpdateOrder implements WireEnum {
    STOP_FIRST("stop-first"),
    START_FIRST("start-first");

    private final String wire;

    UpdateOrder(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static UpdateOrder of(String value) {
        return WireEnum.parse(UpdateOrder.class, "update order", value);
    }
}
