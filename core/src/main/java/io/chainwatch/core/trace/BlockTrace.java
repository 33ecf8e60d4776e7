package io.chainwatch.core.trace;

/**
 * The trace of one block or slot, handed along with its data from thread to thread (through the
 * pipeline's queues, which order the hand-over). {@link #NONE} is what a disabled tracer gives.
 */
public interface BlockTrace {
    BlockTrace NONE = new BlockTrace() {
        @Override
        public TraceStage stage(String name) {
            return TraceStage.NONE;
        }

        @Override
        public void end() {
        }
    };

    /**
     * Opens the child span of one stage (decode, store, decision ...). It is the current span on
     * this thread, so log lines written meanwhile carry its trace and span ids, until it is closed,
     * on the same thread.
     */
    TraceStage stage(String name);

    /** Ends the block's span; a second call does nothing. */
    void end();
}
