package io.chainwatch.strategy.exec;

import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.arb.Opportunity;

import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;

/**
 * Makes an approved trade: on paper (fills simulated against the pools as they are when it runs) or
 * for real. Both take the same request: the route, the size, the least it must pay back, and the gas
 * price; what comes back is what happened.
 *
 * <p>The future fails only when nothing of the trade was sent (no token moved, no gas paid), so the
 * risk manager may release its reservation; once anything was sent, it completes with an
 * {@link Execution}, a failed one when the trade did not go through, carrying what it cost.
 */
public interface Executor {
    CompletableFuture<Execution> execute(String requestId, Opportunity opportunity, BigInteger amountOutMin, GasPrice gas);
}
