package io.chainwatch.core.trace;

/**
 * Traces each block or slot through the pipeline, from ingest to decision: one span per block or
 * slot, its stages as child spans. {@link #OFF}, the default, does nothing and allocates nothing.
 *
 * <p>The hash is passed as the object that holds it and turned to text only by an enabled tracer,
 * so that a call on the hot path costs nothing when tracing is off.
 */
public interface PipelineTracer {
    PipelineTracer OFF = new PipelineTracer() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public BlockTrace block(String chain, long number, Object hash) {
            return BlockTrace.NONE;
        }

        @Override
        public BlockTrace slot(String chain, long slot, Object blockhash) {
            return BlockTrace.NONE;
        }
    };

    boolean enabled();

    /**
     * Starts the span of one EVM block, now.
     *
     * @param hash the block hash; its {@code toString()} is its text
     */
    BlockTrace block(String chain, long number, Object hash);

    /**
     * Starts the span of one Solana slot, now.
     *
     * @param blockhash the slot's block hash (its {@code toString()} is its text), or null when not known
     */
    BlockTrace slot(String chain, long slot, Object blockhash);
}
