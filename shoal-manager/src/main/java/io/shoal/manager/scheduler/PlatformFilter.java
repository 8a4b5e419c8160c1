package io.shoal.manager.scheduler;

import io.shoal.api.Node;
import io.shoal.api.TaskSpec;
import java.util.Locale;

/**
 * The node's OS and architecture are among the platforms the task's image supports (the CLI records
 * them from the registry). x86_64 counts as amd64 and aarch64 as arm64; an empty field matches any.
 */
final class PlatformFilter implements NodeFilter {
    @Override
    public boolean appliesTo(SchedulingRequest request) {
        return !request.platforms().isEmpty();
    }

    @Override
    public boolean test(SchedulingRequest request, NodeInfo n) {
        Node node = n.node();
        if (node == null || node.description() == null || node.description().platform() == null) {
            return false;
        }
        Node.Platform have = node.description().platform();
        for (TaskSpec.Platform want : request.platforms()) {
            boolean arch = isEmpty(want.architecture())
                    || arch(want.architecture()).equals(arch(have.architecture()));
            boolean os = isEmpty(want.os()) || want.os().equalsIgnoreCase(have.os() == null ? "" : have.os());
            if (arch && os) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String arch(String a) {
        String s = a == null ? "" : a.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> s;
        };
    }

    @Override
    public String explain(int nodes) {
        return "unsupported platform on " + NodeFilter.nodes(nodes);
    }
}
