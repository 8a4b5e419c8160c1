package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum PortProtocol implements WireEnum {
    TCP("tcp"),
    UDP("udp"),
    SCTP("sctp");

    private final String wire;

    PortProtocol(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PortProtocol of(String value) {
        return WireEnum.parse(PortProtocol.class, "protocol", value);
    }
}
