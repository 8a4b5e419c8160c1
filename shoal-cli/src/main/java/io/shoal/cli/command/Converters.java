package io.shoal.cli.command;

import io.shoal.cli.format.GoDuration;
import io.shoal.cli.format.Units;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag value parsers with the docker CLI's semantics and error texts; the usage-error handler
 * wraps the text as pflag does ({@code invalid argument "x" for "--replicas" flag: ...}).
 */
public final class Converters {
    private Converters() {}

    /** A Go duration ("10s", "1m30s") in nanoseconds. */
    public static final class Duration implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A Go duration that may not be negative (health check timings). */
    public static final class PositiveDuration implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long d = new Duration().convert(value);
            if (d < 0) {
                throw new TypeConversionException("duration cannot be negative");
            }
            return d;
        }
    }

    /** Memory such as "64M" or "1g" in bytes. */
    public static final class MemBytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Units.ramInBytes(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** CPUs such as "0.5" as nano-CPUs. */
    public static final class NanoCpus implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Units.parseCpus(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** An unsigned 64-bit integer (Go {@code strconv.ParseUint(s, 0, 64)}). */
    public static final class Uint64 implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseUint(value);
        }
    }

    /** A signed 64-bit integer. */
    public static final class Int64 implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
            }
        }
    }

    /** A 32-bit float (Go {@code strconv.ParseFloat(s, 32)}). */
    public static final class Float32 implements ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            try {
                return Float.parseFloat(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("strconv.ParseFloat: parsing \"" + value + "\": invalid syntax");
            }
        }
    }

    /** A {@code -f name=value} filter, checked as docker's {@code FilterOpt} checks it. */
    public static final class Filter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.isEmpty() && value.indexOf('=') < 0) {
                throw new TypeConversionException("bad format of filter (expected name=value)");
            }
            return value;
        }
    }

    static long parseUint(String value) {
        try {
            return parseUnsigned(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** Go's {@code strconv.ParseUint(s, 0, 64)}: decimal, or 0x/0o/0b/leading-0 prefixed. */
    public static long parseUnsigned(String value) {
        try {
            String v = value;
            int radix = 10;
            if (v.startsWith("0x") || v.startsWith("0X")) {
                radix = 16;
                v = v.substring(2);
            } else if (v.startsWith("0o") || v.startsWith("0O")) {
                radix = 8;
                v = v.substring(2);
            } else if (v.startsWith("0b") || v.startsWith("0B")) {
                radix = 2;
                v = v.substring(2);
            } else if (v.length() > 1 && v.startsWith("0")) {
                radix = 8;
                v = v.substring(1);
            }
            return Long.parseUnsignedLong(v.replace("_", ""), radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + value + "\": invalid syntax");
        }
    }
}
