package io.chainwatch.market;

import io.chainwatch.core.Address;

/** {@code PairCreated(address indexed token0, address indexed token1, address pair, uint)} from a factory. */
public record PairCreated(LogPosition position, Address factory, Address token0, Address token1, Address pair,
                          long pairIndex) implements PoolEvent {
    @Override
    public Address pool() {
        return pair;
    }
}
