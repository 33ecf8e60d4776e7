package io.chainwatch.market;

import io.chainwatch.core.Address;
import io.chainwatch.core.U256;

/** {@code Burn(address indexed sender, uint amount0, uint amount1, address indexed to)}. */
public record Burn(LogPosition position, Address pool, Address sender, Address to, U256 amount0, U256 amount1) implements PoolEvent {
}
