package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.util.List;

/**
 * One produced block: what getBlock serves for its slot while it is canonical, and the account
 * states it left. Immutable.
 *
 * @param writes        each account the block changed, as it was at the end of the block
 * @param leaderReward  lamports the leader earned (half the fees), shown in {@code rewards}
 * @param pumpEvents    genuine pump and PumpSwap events of successful transactions
 */
public record SolBlock(
        long slot,
        long parentSlot,
        long blockHeight,
        Pubkey blockhash,
        Pubkey previousBlockhash,
        long blockTime,
        List<SolTx> transactions,
        List<AccountWrite> writes,
        Pubkey leader,
        long leaderReward,
        long leaderPostBalance,
        int pumpEvents) {
}
