package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum Reachability implements WireEnum {
    UNKNOWN("unknown"),
    UNREACHABLE("unreachable"),
    REACHABLE("reachable");

    private final String wire;

    Reachability(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Reachability of(String value) {
        return WireEnum.parse(Reachability.class, "reachability", value);
    }
}
