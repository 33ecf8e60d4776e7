package io.chainwatch.evm.ingest;

import java.time.Instant;

/**
 * What a chain's cursor reports, published after every step for the API and metrics.
 *
 * @param openGapBlocks blocks between the processed tip and the target not yet processed
 * @param headSource    "websocket:<endpoint>" or "polling"
 */
public record ChainStatus(String chain, long head, long processed, long lag, long openGapBlocks, long reorgs,
                          Reorg lastReorg, long refusedReorgs, String headSource, boolean caughtUp, Instant updatedAt) {
    /** A rollback that happened: how deep, to which block, when. */
    public record Reorg(int depth, long ancestor, Instant at) {
    }
}
