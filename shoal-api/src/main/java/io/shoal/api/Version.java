package io.shoal.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An object's version: the store index of the write that last changed it (Docker's {@code {"Index":n}}). */
public record Version(@JsonProperty("Index") long index) {
    public static final Version ZERO = new Version(0);
}
