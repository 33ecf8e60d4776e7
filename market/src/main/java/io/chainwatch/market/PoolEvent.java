package io.chainwatch.market;

import io.chainwatch.core.Address;

/** A decoded Uniswap V2 style event. {@link #pool()} is the pair contract (the factory for PairCreated's emitter). */
public sealed interface PoolEvent permits PairCreated, Sync, Swap, Mint, Burn {
    LogPosition position();

    /** The pool the event concerns (for PairCreated: the new pair). */
    Address pool();
}
