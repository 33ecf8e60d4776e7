package io.chainwatch.solana.tx;

import java.util.List;
import java.util.OptionalLong;

/**
 * A block as a {@code getBlock} answer gives it, with full transaction details.
 *
 * @param slot        the block's slot when the input says it; a getBlock answer does not (the slot
 *                    is the request's parameter), so it is empty unless the input carried it
 * @param parentSlot  the slot of the block it builds on, when the input says it
 * @param blockhash   base58, or null when the input does not say it (as {@code previousBlockhash})
 * @param blockTime   Unix seconds, when the node knows it
 * @param blockHeight when the node knows it
 */
public record SolanaBlock(
        OptionalLong slot,
        OptionalLong parentSlot,
        String blockhash,
        String previousBlockhash,
        OptionalLong blockTime,
        OptionalLong blockHeight,
        List<SolanaTransaction> transactions) {
    public SolanaBlock {
        transactions = List.copyOf(transactions);
    }

    /** The same block, placed at {@code slot} (which its answer does not carry). */
    public SolanaBlock withSlot(long slot) {
        return new SolanaBlock(OptionalLong.of(slot), parentSlot, blockhash, previousBlockhash, blockTime, blockHeight, transactions);
    }
}
