package io.shoal.daemon.node;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.shoal.api.ShoalException;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.NodeCertificate;
import io.shoal.rpc.tls.TlsIdentity;
import io.shoal.store.crypto.DataKey;
import io.shoal.store.crypto.SealedDataException;
import io.shoal.store.crypto.UnlockKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * A manager's two secrets on disk: the Raft data key ({@code <swarm>/raft-dek}) and its TLS private
 * key ({@code certificates/swarm-node.key}). Without autolock both are in clear (owner-only files),
 * so a restart needs nothing; with autolock both are sealed (AES-GCM) with the key derived from the
 * unlock key, so a copy of the disk reveals neither, and the manager starts locked.
 * <p>
 * {@code raft-dek} is one line: {@code SHOAL-DEK-1 clear <base64 key>} or
 * {@code SHOAL-DEK-1 sealed <base64 sealed key>}. A sealed TLS key is PEM-framed as
 * {@code SHOAL SEALED KEY} around the sealed PKCS#8 PEM.
 */
final class ManagerKeys {
    static final String DEK_FILE = "raft-dek";
    static final String INVALID_KEY = "swarm could not be unlocked: invalid key provided";
    private static final String DEK_PREFIX = "SHOAL-DEK-1 ";
    private static final String SEALED_BEGIN = "-----BEGIN SHOAL SEALED KEY-----";
    private static final String SEALED_END = "-----END SHOAL SEALED KEY-----";

    private ManagerKeys() {}

    /** What {@link #open} found: the data key and the node's TLS identity. */
    record Opened(DataKey dataKey, TlsIdentity identity) {}

    static Path dekFile(Path swarmDir) {
        return swarmDir.resolve(DEK_FILE);
    }

    static Path tlsKeyFile(Path swarmDir) {
        return Membership.certDir(swarmDir).resolve(CertificateFiles.NODE_KEY);
    }

    /** Whether this manager's secrets are sealed: it must be unlocked before it starts. */
    static boolean sealed(Path swarmDir) {
        Path dek = dekFile(swarmDir);
        return Files.isRegularFile(dek) && read(dek).startsWith(DEK_PREFIX + "sealed ");
    }

    static boolean hasDataKey(Path swarmDir) {
        return Files.isRegularFile(dekFile(swarmDir));
    }

    /**
     * Opens both secrets: in clear when {@code unlock} is null, else with it. A key that does not
     * open them is dockerd's "invalid key provided" (401 at the API).
     */
    static Opened open(Path swarmDir, UnlockKey unlock) {
        DataKey kek = unlock == null ? null : unlock.keyEncryptionKey();
        String line = read(dekFile(swarmDir)).strip();
        if (!line.startsWith(DEK_PREFIX)) {
            throw new ShoalException.Internal("unknown data key file format in " + dekFile(swarmDir), null);
        }
        String[] parts = line.substring(DEK_PREFIX.length()).split(" ", 2);
        byte[] payload = Base64.getDecoder().decode(parts[1]);
        DataKey dek;
        if (parts[0].equals("clear")) {
            dek = DataKey.of(payload);
        } else if (kek == null) {
            throw new Locked();
        } else {
            try {
                dek = DataKey.of(kek.open(payload));
            } catch (SealedDataException e) {
                throw new InvalidKey();
            }
        }
        return new Opened(dek, identity(swarmDir, kek));
    }

    /** The node's certificate and key as stored, the key opened with {@code kek} if it is sealed. */
    static TlsIdentity identity(Path swarmDir, DataKey kek) {
        Path dir = Membership.certDir(swarmDir);
        String keyPem = tlsKeyPem(read(dir.resolve(CertificateFiles.NODE_KEY)), kek);
        return TlsIdentity.of(NodeCertificate.fromPem(read(dir.resolve(CertificateFiles.NODE_CERT)), keyPem),
                read(dir.resolve(CertificateFiles.ROOT_CA)));
    }

    private static String tlsKeyPem(String stored, DataKey kek) {
        if (!stored.startsWith(SEALED_BEGIN)) {
            return stored;
        }
        if (kek == null) {
            throw new Locked();
        }
        String b64 = stored.substring(SEALED_BEGIN.length(), stored.indexOf(SEALED_END)).replaceAll("\\s", "");
        try {
            return new String(kek.open(Base64.getDecoder().decode(b64)), UTF_8);
        } catch (SealedDataException e) {
            throw new InvalidKey();
        }
    }

    /**
     * Writes the data key and re-writes the TLS key, both sealed with {@code to} (in clear if null).
     * The TLS key is read from disk (opened with {@code from} if sealed), so a key the renewer just
     * wrote is the one sealed.
     */
    static void seal(Path swarmDir, DataKey dek, UnlockKey from, UnlockKey to) {
        DataKey kek = to == null ? null : to.keyEncryptionKey();
        String dekLine = kek == null
                ? DEK_PREFIX + "clear " + Base64.getEncoder().encodeToString(dek.bytes())
                : DEK_PREFIX + "sealed " + Base64.getEncoder().encodeToString(kek.seal(dek.bytes()));
        Path keyFile = tlsKeyFile(swarmDir);
        if (Files.isRegularFile(keyFile)) {
            String stored = read(keyFile);
            String pem;
            try {
                pem = tlsKeyPem(stored, from == null ? null : from.keyEncryptionKey());
            } catch (InvalidKey e) {
                // sealed with an unlock key this manager no longer knows: a newer one was applied already
                pem = tlsKeyPem(stored, kek);
            }
            writeSecret(keyFile, kek == null ? pem : SEALED_BEGIN + "\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(kek.seal(pem.getBytes(UTF_8)))
                    + "\n" + SEALED_END + "\n");
        }
        writeSecret(dekFile(swarmDir), dekLine + "\n");
    }

    /** Whether the TLS key file is in clear (the renewer writes new keys in clear). */
    static boolean tlsKeyInClear(Path swarmDir) {
        Path keyFile = tlsKeyFile(swarmDir);
        return Files.isRegularFile(keyFile) && !read(keyFile).startsWith(SEALED_BEGIN);
    }

    /** The data key a new swarm (or a manager with none yet) starts with, written in clear. */
    static DataKey create(Path swarmDir) {
        DataKey dek = DataKey.generate();
        writeSecret(dekFile(swarmDir), DEK_PREFIX + "clear " + Base64.getEncoder().encodeToString(dek.bytes()) + "\n");
        return dek;
    }

    /** Stores a data key handed over by another manager, in clear (sealed once this replica shows autolock). */
    static void store(Path swarmDir, DataKey dek) {
        writeSecret(dekFile(swarmDir), DEK_PREFIX + "clear " + Base64.getEncoder().encodeToString(dek.bytes()) + "\n");
    }

    static Optional<String> readIfPresent(Path p) {
        return Files.isRegularFile(p) ? Optional.of(read(p)) : Optional.empty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** Owner-only, synced, then renamed over the old file. */
    private static void writeSecret(Path target, String content) {
        AtomicFiles.writeOwnerOnly(target, content);
    }

    /** The secrets are sealed and no unlock key was given. */
    static final class Locked extends RuntimeException {
        Locked() {
            super("this manager's keys are sealed: the swarm must be unlocked", null, false, false);
        }
    }

    /** The unlock key given does not open the secrets. */
    static final class InvalidKey extends RuntimeException {
        InvalidKey() {
            super(INVALID_KEY, null, false, false);
        }
    }
}
