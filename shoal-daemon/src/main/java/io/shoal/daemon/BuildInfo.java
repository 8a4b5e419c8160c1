package io.shoal.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What this build of Shoal is: its version, as Maven stamped it into version.properties. */
public record BuildInfo(String version) {
    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("version", "");
        // unfiltered (run from an IDE without Maven's resource step)
        return new BuildInfo(v.isEmpty() || v.startsWith("${") ? "0.0.0-dev" : v);
    }

    /** The {@code Server} header: {@code Shoal/<version> (linux)}. */
    public String serverHeader() {
        return "Shoal/" + version + " (linux)";
    }
}
