package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;

/**
 * The state of one account after a slot. {@code data} is never written after construction.
 *
 * @param rentEpoch an unsigned u64 in a long (-1 is u64::MAX, what rent-exempt accounts show)
 */
public record AccountData(Pubkey owner, long lamports, byte[] data, boolean executable, long rentEpoch) {
    public static final long RENT_EXEMPT_EPOCH = -1L;

    /** Lamports an account of {@code bytes} needs to be rent exempt: (128 + bytes) * 3480 * 2. */
    public static long rentExemptLamports(int bytes) {
        return (128L + bytes) * 3_480 * 2;
    }
}
