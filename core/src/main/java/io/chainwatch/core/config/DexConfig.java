package io.chainwatch.core.config;

import io.chainwatch.core.Address;

/** A Uniswap V2 style factory whose pairs are tracked from {@code startBlock} on. */
public record DexConfig(String name, DexKind kind, Address factory, int feeBps, long startBlock) {
}
