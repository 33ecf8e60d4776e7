package io.chainwatch.systemtest.anvil;

import io.chainwatch.core.Address;

import java.util.Objects;

/** A Uniswap V2 pair as its factory created it; {@code token0} sorts below {@code token1}. */
public record Pair(Address address, Address factory, Address token0, Address token1) {
    public Pair {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(token0, "token0");
        Objects.requireNonNull(token1, "token1");
    }

    /** Whether {@code token} is this pair's token0; fails for a token the pair does not hold. */
    public boolean isToken0(Address token) {
        if (token.equals(token0)) {
            return true;
        }
        if (token.equals(token1)) {
            return false;
        }
        throw new IllegalArgumentException("pair " + address + " holds " + token0 + " and " + token1 + ", not " + token);
    }

    public Address other(Address token) {
        return isToken0(token) ? token1 : token0;
    }
}
