package io.chainwatch.strategy.arb;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.market.PoolState;

import java.math.BigInteger;

/** Pool states for tests. */
final class Pools {
    static final Address WETH = new Address(0, 0, 1);
    static final Address USDC = new Address(0, 0, 2);
    static final Address DAI = new Address(0, 0, 3);

    private Pools() {
    }

    /** A pool of {@code a} and {@code b} (ordered as the factory would: the lower address is token0) holding those reserves. */
    static PoolState pool(int id, String dex, Address a, long reserveA, Address b, long reserveB, int feeBps) {
        return pool(id, dex, a, BigInteger.valueOf(reserveA), b, BigInteger.valueOf(reserveB), feeBps);
    }

    static PoolState pool(int id, String dex, Address a, BigInteger reserveA, Address b, BigInteger reserveB, int feeBps) {
        boolean aFirst = a.lo() < b.lo();
        return new PoolState("test", dex, new Address(1, 0, id), aFirst ? a : b, aFirst ? b : a, feeBps,
                U256.of(aFirst ? reserveA : reserveB), U256.of(aFirst ? reserveB : reserveA), 100, Hash32.ZERO);
    }
}
