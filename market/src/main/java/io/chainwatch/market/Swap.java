package io.chainwatch.market;

import io.chainwatch.core.Address;
import io.chainwatch.core.U256;

/** {@code Swap(address indexed sender, uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)}. */
public record Swap(LogPosition position, Address pool, Address sender, Address to, U256 amount0In, U256 amount1In,
                   U256 amount0Out, U256 amount1Out) implements PoolEvent {
}
