package io.shoal.cli.format;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Small text conventions of the docker CLI's formatters. */
public final class Text {
    private Text() {}

    /** {@code stringid.TruncateID}: what follows a "sha256:"-like prefix, cut to 12 characters. */
    public static String shortId(String id) {
        String s = id;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(colon + 1);
        }
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    /** {@code formatter.PrettyPrint} of a string: first letter upper case, the rest lower case. */
    public static String capitalizeFirst(String s) {
        if (s.isEmpty()) {
            return s;
        }
        if (s.length() == 1) {
            return s.toLowerCase(Locale.ROOT);
        }
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    /** {@code formatter.Ellipsis}: at most {@code max} columns, "…" marking a cut. */
    public static String ellipsis(String s, int max) {
        if (max <= 0) {
            return "";
        }
        if (s.isEmpty()) {
            return s;
        }
        if (max == 1) {
            return s.substring(0, Character.charCount(s.codePointAt(0)));
        }
        if (DisplayWidth.of(s) <= max) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int w = DisplayWidth.of(cp);
            if (width + w > max - 1) {
                break;
            }
            out.appendCodePoint(cp);
            width += w;
            i += Character.charCount(cp);
        }
        return out + "\u2026";
    }

    /** An RFC 3339 time from the API; null when absent or unreadable. */
    public static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** "5 seconds ago" as {@code units.HumanDuration(time.Since(t)) + " ago"}; a missing time is long ago. */
    public static String ago(Instant then, Instant now) {
        Instant t = then == null ? Instant.parse("0001-01-01T00:00:00Z") : then;
        long nanos;
        try {
            nanos = Duration.between(t, now).toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        return Units.humanDuration(nanos) + " ago";
    }

    /** Go's {@code time.Time.String()} for a UTC time: "2006-01-02 15:04:05.999999999 +0000 UTC". */
    public static String goTime(Instant t) {
        var z = t.atOffset(ZoneOffset.UTC);
        String base = String.format("%04d-%02d-%02d %02d:%02d:%02d", z.getYear(), z.getMonthValue(), z.getDayOfMonth(),
                z.getHour(), z.getMinute(), z.getSecond());
        int nanos = z.getNano();
        String frac = "";
        if (nanos != 0) {
            frac = String.format(".%09d", nanos).replaceAll("0+$", "");
        }
        return base + frac + " +0000 UTC";
    }
}
