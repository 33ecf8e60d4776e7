package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The one seeded random source of a simulated Solana chain: keys, signatures, amounts, what each
 * slot holds. The same seed and the same sequence of calls give the same chain.
 *
 * <p>Owned by the simulator thread (built by the thread that starts the simulator, then handed
 * over); not thread-safe.
 */
final class ChainRandom {
    private final RandomGenerator rng;

    ChainRandom(long seed) {
        this.rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    RandomGenerator generator() {
        return rng;
    }

    Pubkey key() {
        return Pubkey.random(rng);
    }

    int below(int bound) {
        return rng.nextInt(bound);
    }

    long between(long fromInclusive, long toExclusive) {
        return rng.nextLong(fromInclusive, toExclusive);
    }

    boolean chance(double p) {
        return p > 0 && rng.nextDouble() < p;
    }

    /** A Poisson count with the given mean (Knuth's method; means here are small). */
    int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = rng.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            n++;
        }
        return n;
    }

    /** Log-uniform between the bounds: many small amounts, a few large ones. */
    long logUniform(long from, long to) {
        double a = Math.log(from);
        double b = Math.log(to);
        return (long) Math.exp(a + (b - a) * rng.nextDouble());
    }
}
