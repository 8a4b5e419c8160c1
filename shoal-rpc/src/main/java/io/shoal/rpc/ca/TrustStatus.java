package io.shoal.rpc.ca;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.manager.ca.RootRotations;
import java.time.InstantSource;

/**
 * What a node needs to follow a root CA rotation: the root it should trust (the cluster's) and
 * the issuer its certificate should have (the new root while a rotation is under way), subject
 * and public key as {@code TLSInfo} carries them.
 */
public record TrustStatus(String trustRootPem, Node.TlsInfo issuer, boolean rotationInProgress) {
    public TrustStatus {
        requireNonNull(trustRootPem, "trustRootPem is null");
        requireNonNull(issuer, "issuer is null");
    }

    public static TrustStatus of(Cluster cluster, InstantSource clock) {
        Cluster.RootCa ca = cluster.rootCa();
        if (ca == null || ca.caCert() == null) {
            throw new ShoalException.Unavailable("the cluster has no root CA yet");
        }
        return new TrustStatus(ca.caCert(), RootRotations.desiredIssuer(ca, clock), ca.rootRotation() != null);
    }
}
