package io.chainwatch.systemtest.anvil;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * What the fixture predicts one pool action does, in the terms of the pair's own events: tokens
 * in and out of the pool ({@code Swap}, {@code Mint}, {@code Burn}) and LP tokens minted or burned.
 * The amounts are computed with the pair contract's exact integer math from the pool state the
 * action was sent against, so they hold if nothing else touches the pool in between.
 *
 * @param txHashes the transactions that make up the action, in nonce order
 */
public record PoolChange(
        Kind kind,
        Pair pair,
        BigInteger amount0In,
        BigInteger amount1In,
        BigInteger amount0Out,
        BigInteger amount1Out,
        BigInteger liquidity,
        List<String> txHashes) {

    public enum Kind { SWAP, MINT, BURN }

    public PoolChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pair, "pair");
        for (BigInteger amount : List.of(amount0In, amount1In, amount0Out, amount1Out, liquidity)) {
            if (amount.signum() < 0) {
                throw new IllegalArgumentException(kind + " amounts must be >= 0, got " + amount);
            }
        }
        txHashes = List.copyOf(txHashes);
    }

    /** The reserves after this change, given those before it (block time left at 0). */
    public Reserves applyTo(Reserves before) {
        return new Reserves(
                before.reserve0().add(amount0In).subtract(amount0Out),
                before.reserve1().add(amount1In).subtract(amount1Out),
                0);
    }
}
