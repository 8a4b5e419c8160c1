package io.shoal.cli.format;

import java.util.Comparator;

/**
 * The "natural" order docker sorts names in ({@code web.2} before {@code web.10}): runs of digits
 * compare as numbers, digits sort before other characters, other characters compare as code units.
 */
public final class NaturalOrder implements Comparator<String> {
    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        if (less(a, b)) {
            return -1;
        }
        return less(b, a) ? 1 : 0;
    }

    public static boolean less(String s1, String s2) {
        int i1 = 0;
        int i2 = 0;
        while (i1 < s1.length() && i2 < s2.length()) {
            char c1 = s1.charAt(i1);
            char c2 = s2.charAt(i2);
            boolean d1 = isDigit(c1);
            boolean d2 = isDigit(c2);
            if (d1 != d2) {
                return d1;
            }
            if (!d1) {
                if (c1 != c2) {
                    return c1 < c2;
                }
                i1++;
                i2++;
                continue;
            }
            while (i1 < s1.length() && s1.charAt(i1) == '0') {
                i1++;
            }
            while (i2 < s2.length() && s2.charAt(i2) == '0') {
                i2++;
            }
            int start1 = i1;
            int start2 = i2;
            while (i1 < s1.length() && isDigit(s1.charAt(i1))) {
                i1++;
            }
            while (i2 < s2.length() && isDigit(s2.charAt(i2))) {
                i2++;
            }
            int len1 = i1 - start1;
            int len2 = i2 - start2;
            if (len1 != len2) {
                return len1 < len2;
            }
            int cmp = s1.substring(start1, i1).compareTo(s2.substring(start2, i2));
            if (cmp != 0) {
                return cmp < 0;
            }
            // equal numbers: fewer leading zeros first
            if (start1 != start2) {
                return start1 < start2;
            }
        }
        return s1.length() < s2.length();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
