package io.shoal.cli.progress;

/** Where progress reports go: a {@link ProgressDisplay}, or nowhere with {@code --quiet}. */
@FunctionalInterface
public interface ProgressSink {
    ProgressSink DISCARD = p -> { };

    void write(Progress p);
}
