package io.chainwatch.strategy.exec;

import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.arb.Opportunity;

import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;

/**
 * Makes an approved trade: on paper (fills simulated against the pools as they are when it runs) or
 * for real. Both take the same request: the route, the size, the least it must pay back, and the gas
 * price; what comes back is what happened.
 */
public interface Executor {
    CompletableFuture<Execution> execute(String requestId, Opportunity opportunity, BigInteger amountOutMin, GasPrice gas);
}
