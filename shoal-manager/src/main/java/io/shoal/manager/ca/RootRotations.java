package io.shoal.manager.ca;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What {@code swarm ca --rotate} does to the cluster's root CA, as SwarmKit's controlapi decides it
 * (ca_rotation.go): a higher {@code CAConfig.ForceRotate} starts a rotation to a root the manager
 * generates; a signing certificate with its key starts one to the user's root (or, if it is the
 * current root, cancels a rotation under way; if it is the root already being rotated to, keeps
 * that rotation). A rotation keeps the old root as the cluster's root and adds the new root and
 * its cross-signed intermediate; {@link #finish} makes the new root the cluster's once every node
 * holds a certificate from it (see {@link RootRotationReconciler}).
 */
public final class RootRotations {
    static final String KEY_WITHOUT_CERT = "if a signing CA key is provided, the signing CA cert must also be provided";
    /** Shoal has no external CA: a certificate without its key can never sign anything. */
    static final String CERT_WITHOUT_KEY = "there must be at least one valid, reachable external CA corresponding to "
            + "the desired CA certificate (Shoal supports no external CA: give the CA key with the certificate)";

    private RootRotations() {}

    /**
     * The root CA the cluster has after an update asking for {@code wanted}: {@code current}
     * itself when nothing changes. Fails with InvalidArgument (changing nothing) on a bad
     * certificate or key.
     */
    public static Cluster.RootCa apply(Cluster.RootCa current, Cluster.CaConfig wanted, InstantSource clock) {
        Objects.requireNonNull(current, "current is null");
        String certPem = blankToNull(wanted == null ? null : wanted.signingCaCert());
        String keyPem = blankToNull(wanted == null ? null : wanted.signingCaKey());
        long force = wanted == null || wanted.forceRotate() == null ? 0 : wanted.forceRotate();
        if (keyPem != null && certPem == null) {
            throw new ShoalException.InvalidArgument(KEY_WITHOUT_CERT);
        }
        if (certPem == null) {
            if (force == current.forcedRotation()) {
                return current;
            }
            RootCa next = RootCa.generate(clock);
            return start(current, next.certPem(), next.keyPem(), force, clock);
        }
        if (keyPem == null) {
            throw new ShoalException.InvalidArgument(CERT_WITHOUT_KEY);
        }
        RootCa desired = RootCa.validateNewRoot(certPem, keyPem, clock);
        if (desired.certPem().equals(canonical(current.caCert()))) {
            // back to the current root: any rotation under way is abandoned
            return new Cluster.RootCa(current.caCert(), desired.keyPem(), null, force);
        }
        Cluster.RootRotation r = current.rootRotation();
        if (r != null && desired.certPem().equals(canonical(r.caCert()))) {
            return new Cluster.RootCa(current.caCert(), current.caKey(),
                    new Cluster.RootRotation(r.caCert(), desired.keyPem(), r.crossSignedCaCert()), force);
        }
        return start(current, desired.certPem(), desired.keyPem(), force, clock);
    }

    /**
     * A rotation from {@code current}'s root to {@code newCertPem}: the new root's key is signed by
     * the old root (always the cluster's root, also when a rotation was under way: that one is
     * replaced).
     */
    static Cluster.RootCa start(Cluster.RootCa current, String newCertPem, String newKeyPem, long force,
                                InstantSource clock) {
        RootCa old = RootCa.fromPem(current.caCert(), current.caKey(), clock);
        RootCa next = RootCa.fromPem(newCertPem, newKeyPem, clock);
        String crossSigned = old.crossSign(next.certificate());
        return new Cluster.RootCa(current.caCert(), current.caKey(),
                new Cluster.RootRotation(next.certPem(), next.keyPem(), crossSigned), force);
    }

    /**
     * The cluster with its rotation completed: the new root is the root (TLSInfo follows), the
     * rotation is gone, and both join tokens are new, for their digest names the root.
     */
    public static Cluster finish(Cluster cluster, InstantSource clock) {
        Cluster.RootCa ca = cluster.rootCa();
        if (ca == null || ca.rootRotation() == null) {
            throw new IllegalArgumentException("no root rotation in progress");
        }
        Cluster.RootRotation r = ca.rootRotation();
        RootCa root = RootCa.fromPem(r.caCert(), r.caKey(), clock);
        return cluster.withRootCa(new Cluster.RootCa(root.certPem(), root.keyPem(), null, ca.lastForcedRotation()),
                        root.tlsInfo())
                .withJoinTokens(JoinTokens.createPair(root));
    }

    /**
     * The issuer every node's certificate should have: the new root while rotating, else the
     * root. Subject and public key as TLSInfo carries them (base64 DER).
     */
    public static Node.TlsInfo desiredIssuer(Cluster.RootCa ca, InstantSource clock) {
        String pem = ca.rootRotation() != null ? ca.rootRotation().caCert() : ca.caCert();
        return RootCa.fromPem(pem, null, clock).tlsInfo();
    }

    /** True if {@code node} reports a certificate issued by {@code issuer} (SwarmKit's hasIssuer). */
    public static boolean hasIssuer(Node node, Node.TlsInfo issuer) {
        Node.TlsInfo tls = node.description() == null ? null : node.description().tlsInfo();
        return tls != null && Objects.equals(tls.certIssuerSubject(), issuer.certIssuerSubject())
                && Objects.equals(tls.certIssuerPublicKey(), issuer.certIssuerPublicKey());
    }

    private static String canonical(String pem) {
        return pem == null ? null : Pem.encode(Pem.certificate(pem));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
