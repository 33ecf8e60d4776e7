package io.chainwatch.market;

import io.chainwatch.core.Address;
import io.chainwatch.core.U256;

/** {@code Sync(uint112 reserve0, uint112 reserve1)}: the pair's reserves after every change. */
public record Sync(LogPosition position, Address pool, U256 reserve0, U256 reserve1) implements PoolEvent {
}
