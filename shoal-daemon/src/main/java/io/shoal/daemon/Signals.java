package io.shoal.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT as requests to stop: without a handler the JVM runs its shutdown hooks and
 * exits with 143/130, which supervisors read as a crash.
 */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    static void onTermination(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                    log.info("SIG{} received", name);
                    stop.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not on this platform: the shutdown hook still stops the node
                log.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
    }
}
