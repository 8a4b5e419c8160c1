package io.shoal.daemon.api;

import io.shoal.api.ShoalException;
import java.util.regex.Pattern;

/**
 * A Docker Engine API version ({@code 1.50}) and the range this server speaks. Compared as
 * dockerd does: dot-separated numbers, a missing part counting as 0.
 */
public record ApiVersion(String text) implements Comparable<ApiVersion> {
    public static final ApiVersion MIN = new ApiVersion("1.24");
    public static final ApiVersion MAX = new ApiVersion("1.50");
    /** Clients of this version and newer get the multiplexed-stream content type on logs. */
    public static final ApiVersion MULTIPLEXED_CONTENT_TYPE = new ApiVersion("1.42");

    private static final Pattern SHAPE = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    /** True for text dockerd's router accepts as a path version ({@code [0-9.]+} with numbers). */
    public static boolean isWellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    /**
     * The version named in a request path, or 400 with dockerd's words when it is outside
     * {@code [MIN, MAX]}.
     */
    public static ApiVersion checked(String text) {
        ApiVersion v = new ApiVersion(text);
        if (v.compareTo(MAX) > 0) {
            throw new ShoalException.InvalidArgument("client version " + text
                    + " is too new. Maximum supported API version is " + MAX.text);
        }
        if (v.compareTo(MIN) < 0) {
            throw new ShoalException.InvalidArgument("client version " + text
                    + " is too old. Minimum supported API version is " + MIN.text
                    + ", please upgrade your client to a newer version");
        }
        return v;
    }

    @Override
    public int compareTo(ApiVersion o) {
        String[] a = text.split("\\.");
        String[] b = o.text.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? number(a[i]) : 0;
            long y = i < b.length ? number(b[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    private static long number(String part) {
        try {
            return part.isEmpty() ? 0 : Long.parseLong(part);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // absurdly long: treat as newer than anything
        }
    }

    public boolean isAtLeast(ApiVersion o) {
        return compareTo(o) >= 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
