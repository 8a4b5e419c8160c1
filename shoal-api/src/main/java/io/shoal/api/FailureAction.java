package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum FailureAction implements WireEnum {
    PAUSE("pause"),
    CONTINUE("continue"),
    ROLLBACK("rollback");

    private final String wire;

    FailureAction(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static FailureAction of(String value) {
        return WireEnum.parse(FailureAction.class, "failure action", value);
    }
}
