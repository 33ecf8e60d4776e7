package io.chainwatch.evm.ingest;

import io.chainwatch.core.BlockRef;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.PoolState;

import java.util.List;

/** One block's derived data, written to the sink in one transaction with its neighbours. */
public record BlockBatch(String chain, BlockRef block, List<PoolEvent> events, List<PoolState> changedPools) {
    public BlockBatch {
        events = List.copyOf(events);
        changedPools = List.copyOf(changedPools);
    }
}
