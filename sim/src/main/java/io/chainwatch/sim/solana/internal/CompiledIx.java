package io.chainwatch.sim.solana.internal;

/**
 * One instruction as a message holds it: indexes into the transaction's account keys and raw data.
 * The arrays are never written after construction.
 *
 * @param stackHeight 0 for an outer instruction (shown as {@code null}), else the invoke depth
 */
public record CompiledIx(int programIdIndex, byte[] accounts, byte[] data, int stackHeight) {
}
