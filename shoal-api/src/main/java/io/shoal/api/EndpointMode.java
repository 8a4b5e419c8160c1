package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum EndpointMode implements WireEnum {
    VIP("vip"),
    DNSRR("dnsrr");

    private final String wire;

    EndpointMode(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static EndpointMode of(String value) {
        return WireEnum.parse(EndpointMode.class, "endpoint mode", value);
    }
}
