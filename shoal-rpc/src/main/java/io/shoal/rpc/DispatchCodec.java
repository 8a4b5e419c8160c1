package io.shoal.rpc;

import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.store.codec.Decoder;
import io.shoal.store.codec.Encoder;
import io.shoal.store.codec.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tasks of assignment messages and the agents' status reports on the wire, in the store's
 * binary record codec rather than JSON: a node's tasks mostly belong to a few services, and their
 * shared task spec is written once per message. A stream is a count, then that many records.
 * <p>
 * Streams come from other nodes: one that does not decode is refused as an invalid argument.
 */
public final class DispatchCodec {
    private static final RecordCodec CODEC = new RecordCodec(Set.of(TaskSpec.class));
    /** Preallocate no more than this on a count read from the wire. */
    private static final int MAX_PREALLOCATED = 1024;

    static {
        CODEC.check(Task.class);
        CODEC.check(TaskStatusUpdate.class);
    }

    private DispatchCodec() {}

    public static byte[] encodeTasks(List<Task> tasks) {
        return encode(Task.class, tasks);
    }

    public static List<Task> decodeTasks(byte[] bytes) {
        return decode(Task.class, bytes, "tasks");
    }

    public static byte[] encodeStatuses(List<TaskStatusUpdate> updates) {
        return encode(TaskStatusUpdate.class, updates);
    }

    public static List<TaskStatusUpdate> decodeStatuses(byte[] bytes) {
        List<TaskStatusUpdate> updates = decode(TaskStatusUpdate.class, bytes, "task status updates");
        for (TaskStatusUpdate u : updates) {
            if (u == null || u.taskId() == null || u.taskId().isEmpty()) {
                throw new ShoalException.InvalidArgument("a task status update without a task ID");
            }
        }
        return updates;
    }

    private static <T> byte[] encode(Class<T> type, List<T> records) {
        if (records.isEmpty()) {
            return new byte[0]; // what an unset bytes field reads as
        }
        Encoder e = CODEC.encoder().writeInt(records.size());
        for (T r : records) {
            e.writeRecord(type, r);
        }
        return e.toByteArray();
    }

    private static <T> List<T> decode(Class<T> type, byte[] bytes, String what) {
        if (bytes.length == 0) {
            return List.of();
        }
        try {
            Decoder d = CODEC.decoder(bytes, 0, bytes.length);
            int n = d.readInt();
            if (n < 0) {
                throw new IllegalArgumentException("negative count " + n);
            }
            List<T> records = new ArrayList<>(Math.min(n, MAX_PREALLOCATED));
            for (int i = 0; i < n; i++) {
                records.add(d.readRecord(type));
            }
            if (!d.atEnd()) {
                throw new IllegalArgumentException("bytes left after the last record");
            }
            return records;
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException | ClassCastException
                 | IndexOutOfBoundsException e) {
            throw new ShoalException.InvalidArgument("malformed " + what + ": " + e.getMessage());
        }
    }
}
