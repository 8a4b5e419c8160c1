package io.shoal.cli.service;

import io.shoal.cli.CliException;
import io.shoal.cli.format.GoDuration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * {@code --since} as docker's {@code GetTimestamp} reads it: a duration ago ("42m"), an RFC 3339
 * time (with or without zone, with or without seconds), a date, or unix seconds passed through.
 * The result is what goes into the {@code since} query parameter.
 */
final class SinceTime {
    private SinceTime() {}

    static String toQuery(String value, Instant now, ZoneId local) {
        if (!value.equals("0")) {
            try {
                long d = GoDuration.parse(value);
                return Long.toString(Math.floorDiv(now.toEpochMilli() * 1_000_000L - d, 1_000_000_000L));
            } catch (IllegalArgumentException e) {
                // not a duration
            }
        }
        Instant t = parseTime(value, local);
        if (t != null) {
            return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
        }
        if (value.contains("-")) {
            throw new CliException("invalid value for \"since\": parsing time \"" + value + "\" failed");
        }
        if (!value.matches("\\d+(\\.\\d+)?")) {
            throw new CliException("invalid value for \"since\": failed to parse value as time or duration: \"" + value + "\"");
        }
        return value;
    }

    private static Instant parseTime(String value, ZoneId local) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // try the local forms
        }
        try {
            String v = value;
            if (v.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}")) {
                v += ":00";
            }
            return LocalDateTime.parse(v).atZone(local).toInstant();
        } catch (DateTimeParseException e) {
            // try a date
        }
        try {
            return LocalDate.parse(value).atStartOfDay(local).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
