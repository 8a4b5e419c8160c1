package io.shoal.store.raft;

import io.shoal.store.crypto.DataKey;
import io.shoal.store.crypto.SealedStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Snapshot files sealed with the data key ({@link SealedStreams}). Reading tells a sealed file by
 * its magic, so a snapshot written in clear before encryption came still loads.
 */
final class SnapshotSealing {
    private SnapshotSealing() {}

    /** {@code out} itself when there is no key. */
    static OutputStream seal(DataKey key, OutputStream out) throws IOException {
        return key == null ? out : SealedStreams.seal(key, out);
    }

    /** {@code in} must support mark/reset. A sealed snapshot without a key is an IOException. */
    static InputStream open(DataKey key, InputStream in) throws IOException {
        int n = SealedStreams.magicLength();
        in.mark(n);
        byte[] head = in.readNBytes(n);
        in.reset();
        if (!SealedStreams.isSealed(head)) {
            return in;
        }
        if (key == null) {
            throw new IOException("the snapshot is encrypted, but this member has no data key");
        }
        return SealedStreams.open(key, in);
    }
}
