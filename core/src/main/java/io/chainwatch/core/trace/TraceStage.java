package io.chainwatch.core.trace;

/** One open stage of a {@link BlockTrace}; closing it ends its span. */
@FunctionalInterface
public interface TraceStage extends AutoCloseable {
    TraceStage NONE = () -> {
    };

    @Override
    void close();
}
