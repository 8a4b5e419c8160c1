package io.shoal.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;

/** The parts of a task the progress display looks at. {@code jobIteration} is null outside jobs. */
record ProgressTask(String id, long slot, String nodeId, String desiredState, String state, String err,
        Long jobIteration) {

    /** A slot nobody filled yet; docker's job display counts it as active with an empty state. */
    static final ProgressTask EMPTY = new ProgressTask("", 0, "", "", "", "", null);

    static ProgressTask of(JsonNode t) {
        JsonNode iteration = t.path("JobIteration");
        return new ProgressTask(
                t.path("ID").asText(""),
                t.path("Slot").asLong(0),
                t.path("NodeID").asText(""),
                t.path("DesiredState").asText(""),
                t.path("Status").path("State").asText(""),
                t.path("Status").path("Err").asText(""),
                iteration.isObject() ? iteration.path("Index").asLong(0) : null);
    }
}
