package io.shoal.cli.format;

import java.math.BigDecimal;

/**
 * Go's {@code time.Duration} text forms, because the docker CLI parses flags ("1m30s") and prints
 * durations ("1m30s", "500ms") with them. Values are nanoseconds.
 */
public final class GoDuration {
    private static final long NANOSECOND = 1;
    private static final long MICROSECOND = 1_000 * NANOSECOND;
    private static final long MILLISECOND = 1_000 * MICROSECOND;
    private static final long SECOND = 1_000 * MILLISECOND;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private GoDuration() {}

    /** Parses like {@code time.ParseDuration}: "300ms", "-1.5h", "2h45m"; a bare "0" is allowed. */
    public static long parse(String s) {
        String orig = s;
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            boolean pre = i > start;
            int dot = i;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
            boolean post = i > dot + 1;
            if (!pre && !post) {
                throw invalid(orig);
            }
            BigDecimal number = new BigDecimal(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            String unit = s.substring(unitStart, i);
            long scale = switch (unit) {
                case "ns" -> NANOSECOND;
                case "us", "\u00b5s", "\u03bcs" -> MICROSECOND;
                case "ms" -> MILLISECOND;
                case "s" -> SECOND;
                case "m" -> MINUTE;
                case "h" -> HOUR;
                default -> throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unit) + " in duration " + quote(orig));
            };
            total = total.add(number.multiply(BigDecimal.valueOf(scale)));
        }
        BigDecimal nanos = total.setScale(0, java.math.RoundingMode.DOWN);
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(orig);
        }
        return neg ? -nanos.longValueExact() : nanos.longValueExact();
    }

    /** Formats like Go's {@code Duration.String()}: "0s", "1.5ms", "1m30s", "2h0m0s". */
    public static String format(long d) {
        if (d == 0) {
            return "0s";
        }
        boolean neg = d < 0;
        // Long.MIN_VALUE has no positive counterpart; Go prints it from its unsigned form.
        long u = neg ? -d : d;
        StringBuilder out = new StringBuilder();
        if (u >= 0 && u < SECOND) {
            String unit;
            int prec;
            if (u < MICROSECOND) {
                unit = "ns";
                prec = 0;
            } else if (u < MILLISECOND) {
                unit = "\u00b5s";
                prec = 3;
            } else {
                unit = "ms";
                prec = 6;
            }
            out.append(integerWithFraction(u, prec)).append(unit);
        } else {
            long secondsTotal = Long.divideUnsigned(u, SECOND);
            long frac = Long.remainderUnsigned(u, SECOND);
            String seconds = Long.toString(secondsTotal % 60) + fraction(frac, 9) + "s";
            long minutes = secondsTotal / 60;
            if (minutes > 0) {
                long hours = minutes / 60;
                String m = (minutes % 60) + "m";
                out.append(hours > 0 ? hours + "h" : "").append(m);
            }
            out.append(seconds);
        }
        return (neg ? "-" : "") + out;
    }

    private static String integerWithFraction(long v, int prec) {
        long pow = 1;
        for (int i = 0; i < prec; i++) {
            pow *= 10;
        }
        return (v / pow) + fraction(v % pow, prec);
    }

    /** ".125" for frac=125 of prec 3 digits, trailing zeros dropped, "" when zero. */
    private static String fraction(long frac, int prec) {
        if (frac == 0 || prec == 0) {
            return "";
        }
        String digits = String.format("%0" + prec + "d", frac);
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration " + quote(s));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
