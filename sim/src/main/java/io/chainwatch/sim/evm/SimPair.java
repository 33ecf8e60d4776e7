package io.chainwatch.sim.evm;

import io.chainwatch.core.Address;

/**
 * A Uniswap V2 pair the simulator created.
 *
 * @param allPairsIndex position in its factory's {@code allPairs}; the PairCreated log carries
 *                      {@code allPairsIndex + 1} ({@code allPairs.length} after the push), as the
 *                      real factory does
 */
public record SimPair(Address factory, Address pair, Address token0, Address token1, int allPairsIndex) {
}
