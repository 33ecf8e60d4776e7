package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;

/** One entry of a transaction's pre- or post-token balances. */
public record TokenBalance(int accountIndex, Pubkey mint, Pubkey owner, Pubkey programId, long amount, int decimals) {
}
