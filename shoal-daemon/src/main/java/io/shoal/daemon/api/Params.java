package io.shoal.daemon.api;

import io.shoal.api.ShoalException;
import java.math.BigInteger;
import java.util.Locale;

/** Query parameters read the way dockerd reads them. */
public final class Params {
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Params() {}

    /** dockerd's BoolValue: anything but empty, 0, no, false, none is true. */
    public static boolean bool(String value) {
        if (value == null) {
            return false;
        }
        String s = value.trim().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /**
     * The mandatory {@code version} parameter of an update: a decimal uint64, else 400
     * {@code invalid <kind> version 'x': strconv.ParseUint: parsing "x": ...} as dockerd words it.
     */
    public static long version(String kind, String value) {
        String v = value == null ? "" : value;
        String problem = null;
        if (!v.matches("[0-9]+")) {
            problem = "invalid syntax";
        } else if (new BigInteger(v).compareTo(MAX_UINT64) > 0) {
            problem = "value out of range";
        }
        if (problem != null) {
            throw new ShoalException.InvalidArgument("invalid " + kind + " version '" + v
                    + "': strconv.ParseUint: parsing \"" + v + "\": " + problem);
        }
        BigInteger b = new BigInteger(v);
        if (b.bitLength() > 63) {
            // store versions are raft indexes; nothing that large exists
            throw new ShoalException.SequenceConflict("update out of sequence");
        }
        return b.longValue();
    }
}
