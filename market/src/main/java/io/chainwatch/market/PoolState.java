package io.chainwatch.market;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;

/** A pool's reserves as of a block. Immutable; crosses threads freely. */
public record PoolState(String chain, String dex, Address address, Address token0, Address token1, int feeBps,
                        U256 reserve0, U256 reserve1, long blockNumber, Hash32 blockHash) {
    public PoolState withReserves(U256 r0, U256 r1, long block, Hash32 hash) {
        return new PoolState(chain, dex, address, token0, token1, feeBps, r0, r1, block, hash);
    }

    /** token1 per token0 in raw units (no decimals applied); NaN when reserve0 is zero. */
    public double price() {
        return reserve0.isZero() ? Double.NaN
                : new java.math.BigDecimal(reserve1.toBigInteger()).divide(new java.math.BigDecimal(reserve0.toBigInteger()),
                java.math.MathContext.DECIMAL64).doubleValue();
    }
}
