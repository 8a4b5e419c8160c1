package io.shoal.manager.controlapi;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Docker's image reference grammar ({@code [domain[:port]/]path[:tag][@digest]}), enough to refuse
 * what {@code reference.ParseNormalizedNamed} refuses: bad characters, upper case in the
 * repository path, bare 64-hex IDs, names over 255 characters.
 */
final class ImageReference {
    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:.]+\\])";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern DOMAIN_PATTERN = Pattern.compile(DOMAIN);
    private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    private static final Pattern DIGEST_PATTERN = Pattern.compile(DIGEST);
    private static final Pattern HEX_ID = Pattern.compile("[a-f0-9]{64}");
    private static final int NAME_MAX = 255;

    private ImageReference() {}

    static boolean isValid(String ref) {
        if (ref == null || ref.isEmpty() || HEX_ID.matcher(ref).matches()) {
            return false;
        }
        String rest = ref;
        int at = rest.indexOf('@');
        if (at >= 0) {
            if (!DIGEST_PATTERN.matcher(rest.substring(at + 1)).matches()) {
                return false;
            }
            rest = rest.substring(0, at);
        }
        // A tag follows the last colon that comes after the last slash (a colon before it is a port).
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            if (!TAG_PATTERN.matcher(rest.substring(colon + 1)).matches()) {
                return false;
            }
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty() || rest.length() > NAME_MAX) {
            return false;
        }
        int slash = rest.indexOf('/');
        if (slash > 0 && isDomain(rest.substring(0, slash))) {
            return DOMAIN_PATTERN.matcher(rest.substring(0, slash)).matches()
                    && PATH.matcher(rest.substring(slash + 1)).matches();
        }
        return PATH.matcher(rest).matches();
    }

    /** Docker's rule for telling "registry/name" from "user/name". */
    private static boolean isDomain(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT));
    }
}
