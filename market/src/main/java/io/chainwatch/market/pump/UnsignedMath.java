package io.chainwatch.market.pump;

/**
 * Exact u64 arithmetic for the curve formulas, which multiply two u64 values and divide by a third:
 * the 128-bit product and the 128-by-64 division are done in longs, so quotes allocate nothing.
 * Every argument and result is an unsigned 64-bit value in a long, as pump's u64 fields are.
 */
final class UnsignedMath {
    private static final long HALF = 1L << 32;
    private static final long LOW_HALF = 0xFFFF_FFFFL;

    private UnsignedMath() {
    }

    /** {@code floor(a * b / c)}. @throws ArithmeticException when {@code c} is 0 or the result needs more than 64 bits */
    static long mulDivFloor(long a, long b, long c) {
        if (c == 0) {
            throw new ArithmeticException("division by zero");
        }
        long high = Math.unsignedMultiplyHigh(a, b);
        long low = a * b;
        if (high == 0) {
            return Long.divideUnsigned(low, c);
        }
        if (Long.compareUnsigned(high, c) >= 0) {
            throw new ArithmeticException("u64 overflow: " + Long.toUnsignedString(a) + " * " + Long.toUnsignedString(b)
                    + " / " + Long.toUnsignedString(c));
        }
        return divide128(high, low, c);
    }

    /** {@code ceil(a * b / c)}, as the program's {@code ceil_div} rounds fees. */
    static long mulDivCeil(long a, long b, long c) {
        long q = mulDivFloor(a, b, c);
        // The remainder is below c < 2^64, so the low words of the product and of q * c differ by exactly it.
        long remainder = a * b - q * c;
        return remainder == 0 ? q : addExact(q, 1);
    }

    /** {@code a + b}. @throws ArithmeticException past 2^64 - 1 */
    static long addExact(long a, long b) {
        long sum = a + b;
        if (Long.compareUnsigned(sum, a) < 0) {
            throw new ArithmeticException("u64 overflow: " + Long.toUnsignedString(a) + " + " + Long.toUnsignedString(b));
        }
        return sum;
    }

    /** {@code a - b}. @throws ArithmeticException below 0 */
    static long subtractExact(long a, long b) {
        if (Long.compareUnsigned(a, b) < 0) {
            throw new ArithmeticException("u64 underflow: " + Long.toUnsignedString(a) + " - " + Long.toUnsignedString(b));
        }
        return a - b;
    }

    static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /**
     * {@code (high:low) / divisor} for {@code high < divisor}: long division in 32-bit digits on a normalised
     * divisor (Knuth's algorithm D, as Hacker's Delight's {@code divlu} lays it out).
     */
    private static long divide128(long high, long low, long divisor) {
        int shift = Long.numberOfLeadingZeros(divisor);
        long v = divisor << shift;
        long vHigh = v >>> 32;
        long vLow = v & LOW_HALF;
        long u32 = (high << shift) | (shift == 0 ? 0 : low >>> (64 - shift));
        long u10 = low << shift;
        long u1 = u10 >>> 32;
        long u0 = u10 & LOW_HALF;

        long q1 = Long.divideUnsigned(u32, vHigh);
        long rest = u32 - q1 * vHigh;
        while (Long.compareUnsigned(q1, HALF) >= 0 || Long.compareUnsigned(q1 * vLow, (rest << 32) | u1) > 0) {
            q1--;
            rest += vHigh;
            if (Long.compareUnsigned(rest, HALF) >= 0) {
                break;
            }
        }
        long u21 = (u32 << 32) + u1 - q1 * v;
        long q0 = Long.divideUnsigned(u21, vHigh);
        rest = u21 - q0 * vHigh;
        while (Long.compareUnsigned(q0, HALF) >= 0 || Long.compareUnsigned(q0 * vLow, (rest << 32) | u0) > 0) {
            q0--;
            rest += vHigh;
            if (Long.compareUnsigned(rest, HALF) >= 0) {
                break;
            }
        }
        return (q1 << 32) + q0;
    }
}
