package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum UpdateState implements WireEnum {
    UPDATING("updating"),
    PAUSED("paused"),
    COMPLETED("completed"),
    ROLLBACK_STARTED("rollback_started"),
    ROLLBACK_PAUSED("rollback_paused"),
    ROLLBACK_COMPLETED("rollback_completed");

    private final String wire;

    UpdateState(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static UpdateState of(String value) {
        return WireEnum.parse(UpdateState.class, "update state", value);
    }
}
