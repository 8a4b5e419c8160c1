package io.shoal.agent.exec.docker;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * One pull per image at a time: when fifty tasks of a missing image are prepared together, the first
 * pulls and the others wait for that pull instead of asking the engine (and the registry) again.
 * A pull that ended, well or not, is forgotten, so a later task tries again.
 */
final class ImagePulls {
    /** Pulls one image; its failures are the puller's to report (a failed pull is not an error here). */
    interface Puller {
        void pull(String image) throws InterruptedException;
    }

    private final Puller puller;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    ImagePulls(Puller puller) {
        this.puller = requireNonNull(puller, "puller is null");
    }

    /**
     * Pulls {@code image}, or waits for the pull of it already under way. If that pull was cut short
     * (its task was shut down), the waiter pulls itself.
     */
    void pull(String image) throws InterruptedException {
        while (true) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = inFlight.putIfAbsent(image, mine);
            if (running == null) {
                try {
                    puller.pull(image);
                    mine.complete(null);
                } catch (InterruptedException | RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    inFlight.remove(image, mine);
                }
                return;
            }
            try {
                running.get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof InterruptedException)) {
                    return; // it failed: the create after it tells this task what is wrong
                }
            }
        }
    }

    /** Pulls under way, for tests. */
    int inFlight() {
        return inFlight.size();
    }
}
