package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The one seeded random source of a simulated chain: block and transaction hashes, addresses,
 * amounts. The same seed and the same sequence of calls give the same chain.
 *
 * <p>Owned by the simulator thread (built by the thread that starts the simulator, then handed
 * over); not thread-safe.
 */
public final class ChainRandom {
    private final RandomGenerator rng;

    public ChainRandom(long seed) {
        this.rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    Hash32 hash() {
        return new Hash32(rng.nextLong(), rng.nextLong(), rng.nextLong(), rng.nextLong());
    }

    Address address() {
        return new Address(rng.nextInt(), rng.nextLong(), rng.nextLong());
    }

    long between(long fromInclusive, long toExclusive) {
        return rng.nextLong(fromInclusive, toExclusive);
    }

    int below(int bound) {
        return rng.nextInt(bound);
    }

    boolean chance(double p) {
        return p > 0 && rng.nextDouble() < p;
    }
}
