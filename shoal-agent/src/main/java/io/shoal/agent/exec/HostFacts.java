package io.shoal.agent.exec;

import io.shoal.api.Node;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/** The node description of the machine the JVM runs on, for executors that have no engine to ask. */
public final class HostFacts {
    private HostFacts() {}

    /** Docker reports {@code uname -m}; the JVM its own names. */
    public static String dockerArchitecture(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i386";
            default -> javaArch;
        };
    }

    public static Node.Platform platform() {
        return new Node.Platform(dockerArchitecture(System.getProperty("os.arch")),
                System.getProperty("os.name").toLowerCase(Locale.ROOT));
    }

    public static Node.Resources resources() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : Runtime.getRuntime().maxMemory();
        return new Node.Resources(Runtime.getRuntime().availableProcessors() * 1_000_000_000L, memory);
    }

    public static Node.Description describe(String hostname, String engineVersion, Map<String, String> labels) {
        return new Node.Description(hostname, platform(), resources(),
                new Node.Engine(engineVersion, Map.copyOf(labels), java.util.List.of()), null);
    }
}
