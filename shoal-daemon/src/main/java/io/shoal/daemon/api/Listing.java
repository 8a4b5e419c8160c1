package io.shoal.daemon.api;

import io.shoal.api.StoreObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Lists in a stable order (creation, then ID), so repeated calls agree. */
final class Listing {
    private static final Comparator<StoreObject> ORDER = Comparator
            .comparing((StoreObject o) -> o.createdAt() == null ? Instant.EPOCH : o.createdAt())
            .thenComparing(StoreObject::id);

    private Listing() {}

    static <T extends StoreObject> List<T> filtered(List<T> all, Predicate<? super T> keep) {
        return all.stream().filter(keep).sorted(ORDER).toList();
    }
}
