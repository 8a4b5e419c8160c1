package io.shoal.api.logs;

import java.time.Instant;

/**
 * What {@code GET /services/{id}/logs} asks for. {@code tail} null means all lines;
 * {@code since} null means from the start.
 */
public record LogOptions(boolean follow, boolean stdout, boolean stderr, Instant since, Long tail, boolean timestamps) {}
