package io.shoal.rpc.client;

import static java.util.Objects.requireNonNull;

import io.shoal.api.NodeRole;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.rpc.tls.TlsIdentity;

/**
 * What a successful join gives a node: its ID and role, its certificate with the private key
 * (store both with {@code CertificateFiles.write(dir, certificate, rootCaPem)}), the cluster's
 * root CA, and the manager that admitted it.
 */
public record Joined(String nodeId, NodeRole role, String clusterId, NodeCertificate certificate, String rootCaPem,
                     String managerAddr) {
    public Joined {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(role, "role is null");
        requireNonNull(certificate, "certificate is null");
        requireNonNull(rootCaPem, "rootCaPem is null");
        requireNonNull(managerAddr, "managerAddr is null");
    }

    /** The TLS identity to talk to managers with from now on. */
    public TlsIdentity identity() {
        return TlsIdentity.of(certificate, rootCaPem);
    }
}
