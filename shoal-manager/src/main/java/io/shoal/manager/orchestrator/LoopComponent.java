package io.shoal.manager.orchestrator;

import io.shoal.manager.Component;

/** A component whose work all runs on one {@link StoreLoop}: it starts and stops with its loop. */
public interface LoopComponent extends Component {
    /** The loop this component runs on (tests drive it with attach/runPending). */
    StoreLoop loop();

    @Override
    default void start() {
        loop().start();
    }

    @Override
    default void stop() {
        loop().stop();
    }
}
