package io.chainwatch.evm.ingest;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.PoolState;

import java.util.List;

/**
 * One block's derived data, written to the sink in one transaction with its neighbours.
 *
 * @param trace the block's trace: the sink marks its store and decision stages and ends it once the block
 *              is acted on; {@link BlockTrace#NONE} when tracing is off
 */
public record BlockBatch(String chain, BlockRef block, List<PoolEvent> events, List<PoolState> changedPools, BlockTrace trace) {
    public BlockBatch {
        events = List.copyOf(events);
        changedPools = List.copyOf(changedPools);
        java.util.Objects.requireNonNull(trace, "trace");
    }

    /** An untraced block. */
    public BlockBatch(String chain, BlockRef block, List<PoolEvent> events, List<PoolState> changedPools) {
        this(chain, block, events, changedPools, BlockTrace.NONE);
    }
}
