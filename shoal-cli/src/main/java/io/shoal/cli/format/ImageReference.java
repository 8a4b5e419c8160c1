package io.shoal.cli.format;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as docker's {@code distribution/reference} normalises it: the domain
 * defaults to docker.io and official images to {@code library/}. The CLI uses it to add
 * {@code :latest} to bare images and to show images without their digest.
 */
public record ImageReference(String domain, String path, String tag, String digest) {
    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile(
            "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    /** {@code reference.ParseNormalizedNamed}; empty when docker would reject the text. */
    public static Optional<ImageReference> parse(String s) {
        if (s == null || s.isEmpty() || HEX64.matcher(s).matches()) {
            return Optional.empty();
        }
        String rest = s;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                return Optional.empty();
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        if (slash == -1 || (!rest.substring(0, slash).matches(".*[.:].*")
                && !rest.substring(0, slash).equals("localhost")
                && rest.substring(0, slash).toLowerCase(Locale.ROOT).equals(rest.substring(0, slash)))) {
            domain = DEFAULT_DOMAIN;
            path = rest;
        } else {
            domain = rest.substring(0, slash);
            path = rest.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) {
                return Optional.empty();
            }
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && path.indexOf('/') == -1) {
            path = "library/" + path;
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                return Optional.empty();
            }
        }
        if (domain.length() + 1 + path.length() > 255) {
            return Optional.empty();
        }
        return Optional.of(new ImageReference(domain, path, tag, digest));
    }

    /**
     * What the docker client sends for an image: a reference without tag or digest gets
     * {@code :latest}; text that is not a valid reference is sent unchanged.
     */
    public static String withDefaultTag(String image) {
        return parse(image).map(r -> r.tag == null && r.digest == null
                ? new ImageReference(r.domain, r.path, "latest", null).familiar()
                : r.familiar()).orElse(image);
    }

    /** How {@code service ls} and {@code ps} show an image: a tagged reference loses its digest. */
    public static String withoutDigest(String image) {
        return parse(image).filter(r -> r.tag != null)
                .map(r -> new ImageReference(r.domain, r.path, r.tag, null).familiar())
                .orElse(image);
    }

    /** {@code reference.FamiliarString}: "nginx:alpine", "user/app", "registry:5000/app:1". */
    public String familiar() {
        String name;
        if (domain.equals(DEFAULT_DOMAIN)) {
            name = path.startsWith("library/") && path.indexOf('/', "library/".length()) == -1
                    ? path.substring("library/".length()) : path;
        } else {
            name = domain + "/" + path;
        }
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
