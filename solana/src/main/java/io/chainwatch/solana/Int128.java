package io.chainwatch.solana;

import java.math.BigInteger;

/** A signed 128-bit integer (borsh {@code i128}) as two's complement words: {@code hi} carries the sign. */
public record Int128(long hi, long lo) implements Comparable<Int128> {
    public static final Int128 ZERO = new Int128(0, 0);

    public static Int128 of(long value) {
        return new Int128(value >> 63, value);
    }

    /** @throws IllegalArgumentException when {@code value} needs more than 128 bits */
    public static Int128 of(BigInteger value) {
        if (value.bitLength() > 127) {
            throw new IllegalArgumentException("not a signed 128-bit value: " + value);
        }
        return new Int128(value.shiftRight(64).longValue(), value.longValue());
    }

    /** True when the value is a long, so {@link #lo()} is all of it. */
    public boolean fitsLong() {
        return hi == (lo >> 63);
    }

    public BigInteger toBigInteger() {
        if (fitsLong()) {
            return BigInteger.valueOf(lo);
        }
        BigInteger low = BigInteger.valueOf(lo & Long.MAX_VALUE);
        if (lo < 0) {
            low = low.setBit(63);
        }
        return BigInteger.valueOf(hi).shiftLeft(64).add(low);
    }

    @Override
    public int compareTo(Int128 o) {
        int c = Long.compare(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** Exact decimal text. */
    @Override
    public String toString() {
        return fitsLong() ? Long.toString(lo) : toBigInteger().toString();
    }
}
