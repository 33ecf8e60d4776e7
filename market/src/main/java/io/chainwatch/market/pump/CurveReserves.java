package io.chainwatch.market.pump;

/**
 * A bonding curve's reserves and supply, in base units (tokens have 6 decimals; SOL's base unit is the
 * lamport, 9 decimals). u64 values, unsigned in a long.
 *
 * <p>The virtual reserves price the curve (constant product {@code virtualSol * virtualToken}); the real
 * reserves are what it actually holds: tokens left to sell, lamports taken in.
 *
 * @param asOfSlot the slot of the event or account data these values come from
 */
public record CurveReserves(long virtualTokenReserves, long virtualSolReserves, long realTokenReserves,
                            long realSolReserves, long tokenTotalSupply, long asOfSlot) {
    /** False for a curve that no longer trades here: pump's SDK reads zero virtual token reserves as migrated. */
    public boolean canPrice() {
        return virtualTokenReserves != 0;
    }
}
