package io.shoal.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum whose JSON form is a fixed lowercase word, as in the Docker Engine API. */
public interface WireEnum {
    String wire();

    /** Parses a wire word case-insensitively; a bad word gets a message naming the valid ones. */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String what, String value) {
        if (value == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.wire().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("invalid " + what + " '" + value + "': must be one of "
                + Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", ")));
    }
}
