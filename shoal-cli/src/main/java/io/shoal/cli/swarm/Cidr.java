package io.shoal.cli.swarm;

import io.shoal.cli.CliException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP network in CIDR form, host bits cleared ("10.10.1.5/16" is "10.10.0.0/16"). */
final class Cidr {
    private Cidr() {}

    static String canonical(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw invalid(cidr);
        }
        String ip = cidr.substring(0, slash).trim();
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw invalid(cidr);
        }
        if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw invalid(cidr);
        }
        byte[] addr;
        try {
            addr = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(cidr);
        }
        if (bits < 0 || bits > addr.length * 8) {
            throw invalid(cidr);
        }
        for (int i = 0; i < addr.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            addr[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            String host = InetAddress.getByAddress(addr).getHostAddress();
            return host + "/" + bits;
        } catch (UnknownHostException e) {
            throw invalid(cidr);
        }
    }

    private static CliException invalid(String cidr) {
        return new CliException("invalid argument \"" + cidr + "\" for \"--default-addr-pool\" flag: invalid CIDR address: "
                + cidr, 125);
    }
}
