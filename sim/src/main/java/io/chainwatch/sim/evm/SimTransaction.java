package io.chainwatch.sim.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;

/** A transaction of a simulated block: only what block and log answers need. */
public record SimTransaction(Hash32 hash, int index, Address from, Address to) {
}
