package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.ForwardingExecutor;
import io.shoal.api.Node;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The executor's view of the node plus the node's TLS facts, as a node describes itself to the
 * managers: the root it trusts and the issuer of its certificate (Docker's {@code Description.TLSInfo},
 * which {@code node inspect} and {@code swarm ca} read). Everything else passes through; closing
 * it leaves the executor to its owner.
 */
record TlsDescribedExecutor(Executor executor, ReloadableIdentity identity) implements ForwardingExecutor {
    TlsDescribedExecutor {
        requireNonNull(executor, "executor is null");
        requireNonNull(identity, "identity is null");
    }

    @Override
    public Node.Description describe() {
        Node.Description d = executor.describe();
        return new Node.Description(d.hostname(), d.platform(), d.resources(), d.engine(), tlsInfo(identity.current()));
    }

    /** The trusted root PEM, and the subject and public key (base64 DER) of the certificate's issuer. */
    static Node.TlsInfo tlsInfo(TlsIdentity id) {
        X509Certificate issuer = id.issuer();
        X509Certificate leaf = id.leaf();
        Base64.Encoder b64 = Base64.getEncoder();
        // the issuer is the root, or during a root rotation the new root (cross-signed by the old)
        return new Node.TlsInfo(id.rootCaPem(), b64.encodeToString(leaf.getIssuerX500Principal().getEncoded()),
                b64.encodeToString(issuer.getPublicKey().getEncoded()));
    }

    @Override
    public void close() {
        // owned by the daemon
    }
}
