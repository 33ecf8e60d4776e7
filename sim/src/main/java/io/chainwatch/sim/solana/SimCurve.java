package io.chainwatch.sim.solana;

/** One bonding curve as the simulator's processed tip has it. */
public record SimCurve(Pubkey mint, Pubkey bondingCurve, Pubkey creator, String name, String symbol, long virtualTokenReserves,
        long virtualSolReserves, long realTokenReserves, long realSolReserves, boolean complete, boolean migrated) {
}
