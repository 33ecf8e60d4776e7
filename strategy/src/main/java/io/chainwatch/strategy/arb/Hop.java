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

    /** What {@code amountIn} of {@link #tokenIn} buys here. */
    public BigInteger amountOut(BigInteger amountIn) {
        return V2Math.amountOut(amountIn, reserveIn(), reserveOut(), pool.feeBps());
    }
}
