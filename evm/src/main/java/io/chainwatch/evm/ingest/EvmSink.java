package io.chainwatch.evm.ingest;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.market.PoolState;

import java.util.List;
import java.util.Optional;

/**
 * Where the cursor writes. Implementations are idempotent on each event's natural key and atomic per
 * call: the checkpoint moves with the data, never ahead of it.
 */
public interface EvmSink {
    /** Writes the blocks, their events and changed pools, and moves the checkpoint to the last block. */
    void commit(List<BlockBatch> batches);

    /** Marks events above {@code ancestor} removed, restores pools, removes pools created above it, moves the checkpoint back. */
    void rollback(String chain, long ancestor, Hash32 ancestorHash, List<PoolState> restoredPools);

    Optional<BlockRef> checkpoint(String chain);

    /** The highest {@code n} committed blocks, highest first. */
    List<BlockRef> recentBlocks(String chain, int n);

    List<PoolState> pools(String chain);
}
