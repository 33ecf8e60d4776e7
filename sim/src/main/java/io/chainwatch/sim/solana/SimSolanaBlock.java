package io.chainwatch.sim.solana;

import java.util.List;

/** One block as the simulator produced it. */
public record SimSolanaBlock(long slot, long parentSlot, long blockHeight, String blockhash, String previousBlockhash, long blockTime,
        List<SimSolanaTransaction> transactions) {
}
