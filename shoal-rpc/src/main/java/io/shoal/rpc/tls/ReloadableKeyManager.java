package io.shoal.rpc.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose one identity can be replaced. Each identity gets its own alias, and the
 * previous one stays resolvable, so a handshake that chose an alias just before a swap still gets
 * a certificate and key that belong together.
 */
final class ReloadableKeyManager extends X509ExtendedKeyManager {
    private record Entry(String alias, TlsIdentity identity) {}

    private volatile Entry current;
    private volatile Entry previous;
    private long generation; // guarded by this

    ReloadableKeyManager(TlsIdentity initial) {
        this.current = new Entry("node-0", initial);
    }

    TlsIdentity current() {
        return current.identity();
    }

    synchronized void update(TlsIdentity next) {
        previous = current;
        current = new Entry("node-" + (++generation), next);
    }

    private Entry entry(String alias) {
        Entry c = current;
        if (c.alias().equals(alias)) {
            return c;
        }
        Entry p = previous;
        return p != null && p.alias().equals(alias) ? p : null;
    }

    private String aliasFor(String... keyTypes) {
        Entry c = current;
        String algorithm = c.identity().privateKey().getAlgorithm();
        if (keyTypes == null) {
            return c.alias();
        }
        for (String t : keyTypes) {
            if (t != null && t.equalsIgnoreCase(algorithm)) {
                return c.alias();
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String a = aliasFor(keyType);
        return a == null ? null : new String[] {a};
    }

    // Issuers are ignored on purpose: a node has exactly one certificate, and when it comes from
    // another CA the server should say so rather than see no certificate at all.
    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Entry e = entry(alias);
        return e == null ? null : e.identity().chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Entry e = entry(alias);
        return e == null ? null : e.identity().privateKey();
    }
}
