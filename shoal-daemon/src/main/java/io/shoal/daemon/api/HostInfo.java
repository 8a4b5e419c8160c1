package io.shoal.daemon.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Facts about the machine that {@code /info} and {@code /version} report; read once at start-up. */
public record HostInfo(
        String hostname,
        int ncpu,
        long memTotal,
        String kernelVersion,
        String operatingSystem,
        String osVersion,
        String architecture) {

    public static HostInfo detect(String hostname) {
        return new HostInfo(hostname,
                Runtime.getRuntime().availableProcessors(),
                readMemTotal(),
                firstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version")),
                osRelease("PRETTY_NAME", System.getProperty("os.name")),
                osRelease("VERSION_ID", ""),
                architecture(System.getProperty("os.arch")));
    }

    /** Docker reports {@code uname -m}; the JVM has its own names. */
    static String architecture(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i386";
            default -> javaArch;
        };
    }

    private static long readMemTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String firstLine(Path p, String fallback) {
        try {
            List<String> lines = Files.readAllLines(p);
            return lines.isEmpty() ? fallback : lines.getFirst().trim();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static String osRelease(String key, String fallback) {
        try {
            for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (l.startsWith(key + "=")) {
                    String v = l.substring(key.length() + 1).trim();
                    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no os-release
        }
        return fallback;
    }
}
