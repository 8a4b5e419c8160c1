package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum PublishMode implements WireEnum {
    INGRESS("ingress"),
    HOST("host");

    private final String wire;

    PublishMode(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PublishMode of(String value) {
        return WireEnum.parse(PublishMode.class, "publish mode", value);
    }
}
