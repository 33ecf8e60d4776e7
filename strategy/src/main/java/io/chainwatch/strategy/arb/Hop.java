package io.chainwatch.strategy.arb;

import io.chainwatch.core.Address;
import io.chainwatch.market.PoolState;

import java.math.BigInteger;
import java.util.Objects;

/** One swap of a route: through {@code pool}, paying {@code tokenIn}, as the pool's state stands. */
public record Hop(PoolState pool, Address tokenIn) {
    public Hop {
        Objects.requireNonNull(pool, "pool");
        if (!tokenIn.equals(pool.token0()) && !tokenIn.equals(pool.token1())) {
            throw new IllegalArgumentException("pool " + pool.address() + " does not hold " + tokenIn);
        }
    }

    public boolean zeroForOne() {
        return tokenIn.equals(pool.token0());
    }

    public Address tokenOut() {
        return zeroForOne() ? pool.token1() : pool.token0();
    }

    public BigInteger reserveIn() {
        return (zeroForOne() ? pool.reserve0() : pool.reserve1()).toBigInteger();
    }

    public BigInteger reserveOut() {
        return (zeroForOne() ? pool.reserve1() : pool.reserve0()).toBigInteger();
    }

    /** The input reserve as a double (for estimates only). */
    public double reserveInDouble() {
        return toDouble(zeroForOne() ? pool.reserve0() : pool.reserve1());
    }

    /** The output reserve as a double (for estimates only). */
    public double reserveOutDouble() {
        return toDouble(zeroForOne() ? pool.reserve1() : pool.reserve0());
    }

    /** An unsigned 256-bit word as a double, from its words (no BigInteger): exact enough for an estimate. */
    static double toDouble(io.chainwatch.core.U256 v) {
        return unsigned(v.w0()) * 0x1p192 + unsigned(v.w1()) * 0x1p128 + unsigned(v.w2()) * 0x1p64 + unsigned(v.w3());
    }

    private static double unsigned(long w) {
        return w >= 0 ? w : (w >>> 1) * 2.0 + (w & 1);
    }

    /** What {@code amountIn} of {@link #tokenIn} buys here. */
    public BigInteger amountOut(BigInteger amountIn) {
        return V2Math.amountOut(amountIn, reserveIn(), reserveOut(), pool.feeBps());
    }
}
