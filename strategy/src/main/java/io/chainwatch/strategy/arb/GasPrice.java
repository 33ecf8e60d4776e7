package io.chainwatch.strategy.arb;

import java.math.BigInteger;

/** What a unit of gas costs now: the block's base fee plus the priority fee we would pay, in wei. */
public record GasPrice(BigInteger baseFeeWei, BigInteger priorityFeeWei) {
    public GasPrice {
        if (baseFeeWei.signum() < 0 || priorityFeeWei.signum() < 0) {
            throw new IllegalArgumentException("gas fees must be >= 0, got " + baseFeeWei + " and " + priorityFeeWei);
        }
    }

    public BigInteger perGasWei() {
        return baseFeeWei.add(priorityFeeWei);
    }
}
