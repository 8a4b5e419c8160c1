package io.shoal.daemon.node;

import io.shoal.api.ShoalException;
import io.shoal.daemon.config.HostPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Picks the address other nodes reach this one at, as dockerd does for {@code swarm init}: the
 * request's, else the daemon's {@code --advertise-addr}, else the listen address when it names
 * one host, else the only IPv4 address of the machine's non-loopback interfaces (container
 * bridges left out). The port defaults to the listen port.
 */
public final class AdvertiseAddress {
    private AdvertiseAddress() {}

    /** One IPv4 address on one interface, for the choice and its error message. */
    record Candidate(String address, String interfaceName) {}

    public static HostPort choose(String requested, Optional<String> configured, HostPort listen) {
        String given = requested != null && !requested.isBlank() ? requested : configured.orElse(null);
        if (given != null) {
            try {
                return HostPort.parse(given, listen.host(), listen.port());
            } catch (IllegalArgumentException e) {
                throw new ShoalException.InvalidArgument("invalid advertise address " + given + ": " + e.getMessage());
            }
        }
        if (!listen.isUnspecified()) {
            return listen;
        }
        return new HostPort(pick(systemCandidates()), listen.port());
    }

    static String pick(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            throw new ShoalException.InvalidArgument("could not choose an IP address to advertise since this system "
                    + "has no usable (non-loopback) IPv4 address");
        }
        if (candidates.size() > 1) {
            Candidate a = candidates.get(0);
            Candidate b = candidates.get(1);
            throw new ShoalException.InvalidArgument("could not choose an IP address to advertise since this system "
                    + "has multiple addresses on different interfaces (" + a.address() + " on " + a.interfaceName()
                    + " and " + b.address() + " on " + b.interfaceName() + ")");
        }
        return candidates.getFirst().address();
    }

    static List<Candidate> systemCandidates() {
        List<Candidate> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || isContainerBridge(nif.getName())) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        out.add(new Candidate(a.getHostAddress(), nif.getName()));
                    }
                }
            }
        } catch (SocketException e) {
            throw new ShoalException.Internal("cannot list network interfaces: " + e.getMessage(), e);
        }
        return out;
    }

    /** Bridges and veths made for containers (Docker's and Shoal's own) are not how other nodes reach us. */
    static boolean isContainerBridge(String name) {
        return name.startsWith("docker") || name.startsWith("br-") || name.startsWith("veth")
                || name.startsWith("shoal") || name.startsWith("vx-") || name.startsWith("docker_gwbridge");
    }
}
