package io.shoal.agent.exec.docker;

/**
 * An image reference split the way the pull API wants it: {@code repository} and a tag or digest.
 * A colon only counts as a tag after the last slash ({@code registry:5000/app} has no tag).
 */
record ImageRef(String repository, String tag) {
    static ImageRef parse(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return new ImageRef(image.substring(0, at), image.substring(at + 1));
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageRef(image, "latest");
    }
}
