package io.shoal.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * The size, CPU and age texts of docker's go-units and opts packages: "64MiB", "4.5kB",
 * "About a minute", and the parsers behind {@code --limit-memory 64M} and {@code --limit-cpu 0.5}.
 */
public final class Units {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    private static final Map<Character, Long> BINARY_MULTIPLIERS = Map.of(
            'k', 1L << 10, 'm', 1L << 20, 'g', 1L << 30, 't', 1L << 40, 'p', 1L << 50);
    private static final BigDecimal NANO = BigDecimal.valueOf(1_000_000_000L);

    private Units() {}

    /** go-units {@code BytesSize}: base 1024, "%.4g" ("64MiB", "1.5GiB"). */
    public static String bytesSize(double size) {
        return scaled(size, 1024.0, BINARY);
    }

    /** go-units {@code HumanSize}: base 1000, "%.4g" ("4.5kB"). */
    public static String humanSize(double size) {
        return scaled(size, 1000.0, DECIMAL);
    }

    private static String scaled(double size, double base, String[] units) {
        int i = 0;
        while (size >= base && i < units.length - 1) {
            size /= base;
            i++;
        }
        return formatG(size, 4) + units[i];
    }

    /** Go's {@code %.<precision>g}: shortest form with that many significant digits. */
    public static String formatG(double v, int precision) {
        if (v == 0) {
            return "0";
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
            return m + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        BigDecimal plain = rounded.stripTrailingZeros();
        return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    }

    /** go-units {@code RAMInBytes}: "64M", "1g", "512kb", "1.5GiB", "100" (bytes). */
    public static long ramInBytes(String sizeStr) {
        int sep = -1;
        for (int i = sizeStr.length() - 1; i >= 0; i--) {
            if ("01234567890. ".indexOf(sizeStr.charAt(i)) >= 0) {
                sep = i;
                break;
            }
        }
        if (sep == -1) {
            throw new IllegalArgumentException("invalid size: '" + sizeStr + "'");
        }
        String num;
        String sfx;
        if (sizeStr.charAt(sep) != ' ') {
            num = sizeStr.substring(0, sep + 1);
            sfx = sizeStr.substring(sep + 1);
        } else {
            num = sizeStr.substring(0, sep);
            sfx = sizeStr.substring(sep + 1);
        }
        double size;
        try {
            size = Double.parseDouble(num.trim().isEmpty() ? "x" : num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + num + "\": invalid syntax");
        }
        if (size < 0) {
            throw new IllegalArgumentException("invalid size: '" + sizeStr + "'");
        }
        if (sfx.isEmpty()) {
            return (long) size;
        }
        if (sfx.length() > 3) {
            throw badSuffix(sfx);
        }
        String lower = sfx.toLowerCase(Locale.ROOT);
        if (lower.charAt(0) == 'b') {
            if (lower.length() > 1) {
                throw badSuffix(lower);
            }
            return (long) size;
        }
        Long mul = BINARY_MULTIPLIERS.get(lower.charAt(0));
        if (mul == null) {
            throw badSuffix(lower);
        }
        if ((lower.length() == 2 && lower.charAt(1) != 'b') || (lower.length() == 3 && !lower.substring(1).equals("ib"))) {
            throw badSuffix(lower);
        }
        return (long) (size * mul);
    }

    private static IllegalArgumentException badSuffix(String sfx) {
        return new IllegalArgumentException("invalid suffix: '" + sfx + "'");
    }

    /** docker's {@code opts.ParseCPUs}: a rational number of CPUs ("0.5", "2", "1/4") as nano-CPUs. */
    public static long parseCpus(String value) {
        BigDecimal nano;
        try {
            int slash = value.indexOf('/');
            if (slash > 0) {
                BigDecimal[] qr = new BigDecimal(value.substring(0, slash)).multiply(NANO)
                        .divideAndRemainder(new BigDecimal(value.substring(slash + 1)));
                if (qr[1].signum() != 0) {
                    throw new IllegalArgumentException("value is too precise");
                }
                nano = qr[0];
            } else {
                nano = new BigDecimal(value).multiply(NANO);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("failed to parse " + value + " as a rational number");
        }
        nano = nano.stripTrailingZeros();
        if (nano.scale() > 0) {
            throw new IllegalArgumentException("value is too precise");
        }
        return nano.toBigIntegerExact().longValue();
    }

    /** go-units {@code HumanDuration}: "Less than a second", "3 seconds", "About an hour", "2 weeks". */
    public static String humanDuration(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = (long) (nanos / 3.6e12 + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return (hours / 24) + " days";
        } else if (hours < 24 * 30 * 2) {
            return (hours / 24 / 7) + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return (hours / 24 / 30) + " months";
        }
        return ((long) (nanos / 3.6e12) / 24 / 365) + " years";
    }
}
