package io.chainwatch.store;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.PoolState;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable EVM chain data: the canonical blocks as seen, every decoded pool event, the latest pool
 * states, and a checkpoint per chain that moves only together with the data before it.
 *
 * <p>Writes for one chain come from that chain's single writer thread; writers of different
 * chains may run at once. Reads may come from any thread. Failures of the database throw
 * {@link StorageException}; a failed write leaves nothing of itself behind.
 */
public interface EvmStore {

    /**
     * One block's worth of derived data. Every event must be of {@code chain} and of
     * {@code block} (same number and hash); every pool state of {@code chain}.
     */
    record BlockBatch(String chain, BlockRef block, List<PoolEvent> events, List<PoolState> changedPools) {
        public BlockBatch {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(block, "block");
            events = List.copyOf(events);
            changedPools = List.copyOf(changedPools);
        }
    }

    /**
     * Commits all batches in one transaction: blocks (replacing what was stored at their heights),
     * events (a copy already stored is kept, so replays and duplicate deliveries are harmless), pool
     * states (the last of each pool wins), and each chain's checkpoint moved to its last batch.
     * Events stored earlier at these heights under other block hashes are marked removed; events of
     * these very blocks that an earlier rollback marked removed count again. All or nothing.
     *
     * @throws IllegalArgumentException when an event or pool does not belong to its batch
     */
    void commit(List<BlockBatch> batches);

    /**
     * Retracts everything above {@code ancestorNumber} in one transaction: events there are marked
     * removed, block rows there deleted, pools whose stored state came from there replaced by
     * {@code restoredPools} (or dropped, for pools first seen there), and the checkpoint set to the
     * ancestor.
     *
     * @throws StorageException when the stored block at {@code ancestorNumber} is missing or has
     *                          another hash: the store cannot vouch for that ancestor
     */
    void rollback(String chain, long ancestorNumber, Hash32 ancestorHash, List<PoolState> restoredPools);

    /** The last committed block, or empty for a chain never committed. */
    Optional<BlockRef> checkpoint(String chain);

    /** The highest {@code n} stored blocks, highest first: to rebuild a reorg window on restart. */
    List<BlockRef> recentBlocks(String chain, int n);

    /** Latest state of every pool of {@code chain}, by address. */
    List<PoolState> pools(String chain);

    long countEvents(String chain, boolean includeRemoved);

    /**
     * Events with {@code fromBlock <= number <= toBlock}, decoded back to exact values, in chain
     * order (block number, then log index).
     */
    List<PoolEvent> events(String chain, long fromBlock, long toBlock, boolean includeRemoved);
}
