package io.chainwatch.core;

import java.math.BigInteger;

/**
 * An unsigned 256-bit integer (ABI {@code uint256}, {@code uint112} ...), as four big-endian
 * words. Cheap to decode from hex; convert with {@link #toBigInteger()} for arithmetic.
 */
public record U256(long w0, long w1, long w2, long w3) implements Comparable<U256> {
    public static final U256 ZERO = new U256(0, 0, 0, 0);

    public static U256 of(long unsigned) {
        return new U256(0, 0, 0, unsigned);
    }

    /** Reads a 32-byte ABI word: 64 hex digits starting at {@code from}. */
    public static U256 at(CharSequence hex, int from) {
        return new U256(Hex.readWord(hex, from), Hex.readWord(hex, from + 16),
                Hex.readWord(hex, from + 32), Hex.readWord(hex, from + 48));
    }

    /** Reads a 32-byte ABI word from ASCII hex: 64 digits starting at {@code from}. */
    public static U256 at(byte[] ascii, int from) {
        return new U256(Hex.readWord(ascii, from), Hex.readWord(ascii, from + 16),
                Hex.readWord(ascii, from + 32), Hex.readWord(ascii, from + 48));
    }

    public static U256 of(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 256) {
            throw new IllegalArgumentException("not an unsigned 256-bit value: " + v);
        }
        return new U256(v.shiftRight(192).longValue(), v.shiftRight(128).longValue(), v.shiftRight(64).longValue(), v.longValue());
    }

    public static U256 parse(String decimal) {
        return of(new BigInteger(decimal));
    }

    public boolean isZero() {
        return (w0 | w1 | w2 | w3) == 0;
    }

    public BigInteger toBigInteger() {
        if ((w0 | w1 | w2) == 0 && w3 >= 0) {
            return BigInteger.valueOf(w3);
        }
        // The 32 big-endian bytes as a magnitude: one array and one BigInteger, no arithmetic.
        byte[] b = new byte[32];
        put(b, 0, w0);
        put(b, 8, w1);
        put(b, 16, w2);
        put(b, 24, w3);
        return new BigInteger(1, b);
    }

    private static void put(byte[] b, int at, long w) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) w;
            w >>>= 8;
        }
    }

    @Override
    public int compareTo(U256 o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c == 0) {
            c = Long.compareUnsigned(w1, o.w1);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w2, o.w2);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w3, o.w3);
        }
        return c;
    }

    /** Exact decimal text. */
    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
