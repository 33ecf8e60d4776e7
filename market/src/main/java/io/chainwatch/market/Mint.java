package io.chainwatch.market;

import io.chainwatch.core.Address;
import io.chainwatch.core.U256;

/** {@code Mint(address indexed sender, uint amount0, uint amount1)}. */
public record Mint(LogPosition position, Address pool, Address sender, U256 amount0, U256 amount1) implements PoolEvent {
}
