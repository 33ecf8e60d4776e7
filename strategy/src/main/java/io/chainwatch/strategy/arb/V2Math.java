package io.chainwatch.strategy.arb;

import java.math.BigInteger;

/**
 * Uniswap V2's swap formula, exactly as the pair contract and Router02's {@code getAmountOut}
 * compute it, for any fee in basis points: the input after the fee, times the output reserve,
 * divided by the input reserve plus the input after the fee, rounded down. With 30 bps this is the
 * 997/1000 of the contracts to the wei (both sides scaled by 10).
 */
public final class V2Math {
    /** Basis points in one. */
    public static final int BPS = 10_000;
    private static final BigInteger BPS_BIG = BigInteger.valueOf(BPS);

    private V2Math() {
    }

    /**
     * What {@code amountIn} buys from a pool holding {@code reserveIn} and {@code reserveOut}; zero
     * for no input or an empty pool.
     *
     * @throws IllegalArgumentException for a negative amount or reserve, or a fee outside 0 to 9999 bps
     */
    public static BigInteger amountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut, int feeBps) {
        if (amountIn.signum() < 0 || reserveIn.signum() < 0 || reserveOut.signum() < 0) {
            throw new IllegalArgumentException("amounts and reserves must be >= 0, got " + amountIn + ", " + reserveIn + ", " + reserveOut);
        }
        if (feeBps < 0 || feeBps >= BPS) {
            throw new IllegalArgumentException("feeBps: must be 0 to 9999, got " + feeBps);
        }
        if (amountIn.signum() == 0 || reserveIn.signum() == 0 || reserveOut.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigInteger inWithFee = amountIn.multiply(BigInteger.valueOf(BPS - feeBps));
        return inWithFee.multiply(reserveOut).divide(reserveIn.multiply(BPS_BIG).add(inWithFee));
    }
}
