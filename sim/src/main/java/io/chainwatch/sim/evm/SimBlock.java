package io.chainwatch.sim.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import java.util.List;
import java.util.Map;

/**
 * One simulated block, canonical or orphaned. Immutable.
 *
 * @param timestamp seconds since the epoch, strictly above the parent's
 * @param reserves  every pair's reserves after this block (pairs created later are absent)
 * @param logsBloom the 2048-bit bloom of the logs as {@code 0x} + 512 hex digits, computed like geth
 */
public record SimBlock(
        long number,
        Hash32 hash,
        Hash32 parentHash,
        long timestamp,
        List<SimTransaction> transactions,
        List<SimLog> logs,
        Map<Address, Reserves> reserves,
        String logsBloom) {

    public SimBlock {
        transactions = List.copyOf(transactions);
        logs = List.copyOf(logs);
        reserves = Map.copyOf(reserves);
    }

    public BlockRef ref() {
        return new BlockRef(number, hash, parentHash);
    }
}
