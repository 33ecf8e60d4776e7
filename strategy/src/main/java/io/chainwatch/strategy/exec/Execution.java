package io.chainwatch.strategy.exec;

import java.math.BigInteger;

/**
 * What executing a route did: filled (its swaps went through) or failed (reverted: the output fell
 * below the minimum, or the chain refused), with the amounts in the route's token and the gas paid
 * either way.
 *
 * @param amountOut      what the last swap paid back; zero when it failed
 * @param gasCost        gas paid, in the route's token
 * @param realizedProfit amountOut - amountIn - gasCost when filled; -gasCost when failed
 * @param failure        why it failed; null when filled
 */
public record Execution(String requestId, boolean filled, BigInteger amountIn, BigInteger amountOut, BigInteger gasCostWei,
                        BigInteger gasCost, BigInteger realizedProfit, String failure) {
}
