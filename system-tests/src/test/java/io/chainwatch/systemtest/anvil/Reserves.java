package io.chainwatch.systemtest.anvil;

import java.math.BigInteger;
import java.util.Objects;

/** What {@code UniswapV2Pair.getReserves()} returned: two uint112 amounts and a uint32 time. */
public record Reserves(BigInteger reserve0, BigInteger reserve1, long blockTimestampLast) {
    public Reserves {
        Objects.requireNonNull(reserve0, "reserve0");
        Objects.requireNonNull(reserve1, "reserve1");
        if (reserve0.signum() < 0 || reserve1.signum() < 0) {
            throw new IllegalArgumentException("reserves must be >= 0, got " + reserve0 + ", " + reserve1);
        }
    }

    /** The amounts alone, for comparing with a prediction that cannot know the block time. */
    public Reserves amounts() {
        return new Reserves(reserve0, reserve1, 0);
    }
}
