package io.chainwatch.strategy.arb;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A profitable route as the pools stand at {@code blockNumber}: the size, what it pays back, the
 * gas it costs (in wei, and in the route's token at the pools' spot price), and the profit after
 * gas; in USD-equivalent too when a price to the configured dollar token is known.
 *
 * @param gasCost   the gas cost in the route's token, or null when no pool prices the native token in it
 * @param netProfit profit minus gas in the route's token, or null when {@code gasCost} is
 * @param netUsd    net profit in the dollar token's smallest units, or null when not priced
 */
public record Opportunity(Route route, BigInteger amountIn, BigInteger amountOut, BigInteger profit, long gasUnits, BigInteger gasCostWei,
                          BigInteger gasCost, BigInteger netProfit, BigInteger netUsd, long blockNumber, Instant seenAt) {
    /** True when the route pays more than its gas. */
    public boolean pays() {
        return netProfit != null && netProfit.signum() > 0;
    }

    /**
     * {@code wei} of gas in the route's token, at the rate this opportunity was priced at; zero when
     * its gas was priced at nothing, and empty when no pool priced the native token in the route's.
     */
    public java.util.Optional<BigInteger> gasInRouteToken(BigInteger wei) {
        if (gasCost == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(gasCostWei.signum() == 0 ? BigInteger.ZERO : wei.multiply(gasCost).divide(gasCostWei));
    }
}
