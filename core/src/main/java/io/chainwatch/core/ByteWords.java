package io.chainwatch.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A byte array read eight bytes at a time, for finding ASCII bytes (a quote, a space, anything
 * above 0x7F) without a step per byte: a word holds the bytes from an index on, the first one
 * lowest, and {@link #marks} sets the high bit of each byte equal to a given one. A borrow can mark
 * a byte above the first true one, never below it, so {@link #firstMarked} is exact. Stateless.
 */
public final class ByteWords {
    /** The high bit of every byte: a word ANDed with it is zero when all its bytes are ASCII. */
    public static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {
    }

    /** The eight bytes {@code bytes[at, at + 8)}, {@code bytes[at]} the lowest. */
    public static long word(byte[] bytes, int at) {
        return (long) LONGS.get(bytes, at);
    }

    /** {@code b}, an ASCII character, in each of a word's eight bytes, for {@link #marks}. */
    public static long repeated(char b) {
        return (b & 0xFFL) * ONES;
    }

    /** The high bit set of each byte of {@code word} equal to the byte {@code repeated} repeats (exact for the first). */
    public static long marks(long word, long repeated) {
        long x = word ^ repeated;
        return (x - ONES) & ~x & HIGH_BITS;
    }

    /** The place in its word of the first marked byte; {@code marks} is not zero. */
    public static int firstMarked(long marks) {
        return Long.numberOfTrailingZeros(marks) >>> 3;
    }

    /** The index of the first {@code b}, an ASCII character, in {@code bytes[from, end)}, or -1. */
    public static int indexOf(byte[] bytes, int from, int end, char b) {
        long repeated = repeated(b);
        int i = from;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            long hits = marks(word(bytes, i), repeated);
            if (hits != 0) {
                return i + firstMarked(hits);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
