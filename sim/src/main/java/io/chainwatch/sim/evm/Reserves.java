package io.chainwatch.sim.evm;

import java.math.BigInteger;
import java.util.Objects;

/** A pair's state as {@code getReserves()} returns it: two uint112 reserves and a uint32 timestamp. */
public record Reserves(BigInteger reserve0, BigInteger reserve1, long blockTimestampLast) {
    public static final BigInteger MAX_UINT112 = BigInteger.ONE.shiftLeft(112).subtract(BigInteger.ONE);

    public Reserves {
        Objects.requireNonNull(reserve0, "reserve0");
        Objects.requireNonNull(reserve1, "reserve1");
        if (reserve0.signum() < 0 || reserve0.compareTo(MAX_UINT112) > 0) {
            throw new IllegalArgumentException("reserve0 is not a uint112: " + reserve0);
        }
        if (reserve1.signum() < 0 || reserve1.compareTo(MAX_UINT112) > 0) {
            throw new IllegalArgumentException("reserve1 is not a uint112: " + reserve1);
        }
        if (blockTimestampLast < 0 || blockTimestampLast > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("blockTimestampLast is not a uint32: " + blockTimestampLast);
        }
    }

    /** The constant product {@code reserve0 * reserve1}. */
    public BigInteger k() {
        return reserve0.multiply(reserve1);
    }
}
