package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Program-derived addresses, as {@code Pubkey::find_program_address} makes them: sha256 of the
 * seeds, the bump, the program id and "ProgramDerivedAddress", trying bumps from 255 down until the
 * hash is not a point on the ed25519 curve. Also sha256 for Anchor discriminators. Stateless.
 *
 * <p>One class over the usual size: the curve test and its field arithmetic are one piece, which
 * the cross-check test holds against BigInteger and Euler's criterion.
 */
public final class ProgramAddress {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = -121665 / 121666 mod p. */
    private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final long[] P_LIMBS = limbs(P);
    private static final long[] D_LIMBS = limbs(D);
    private static final byte[] MARKER = "ProgramDerivedAddress".getBytes(StandardCharsets.US_ASCII);

    private ProgramAddress() {
    }

    /** The address for {@code seeds} under {@code program}, with the highest bump that is off the curve. */
    public static Pubkey find(Pubkey program, byte[]... seeds) {
        MessageDigest sha = sha256();
        byte[] programBytes = program.bytes();
        for (int bump = 255; bump >= 0; bump--) {
            for (byte[] s : seeds) {
                sha.update(s);
            }
            sha.update((byte) bump);
            sha.update(programBytes);
            sha.update(MARKER);
            byte[] hash = sha.digest();
            if (!onCurve(hash)) {
                return Pubkey.of(hash, 0);
            }
        }
        throw new IllegalStateException("no viable bump for a program address of " + program);
    }

    public static Pubkey find(Pubkey program, String seed, Pubkey... keys) {
        byte[][] seeds = new byte[keys.length + 1][];
        seeds[0] = seed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < keys.length; i++) {
            seeds[i + 1] = keys[i].bytes();
        }
        return find(program, seeds);
    }

    /**
     * True when the 32 bytes decompress to an ed25519 point, as curve25519-dalek's
     * {@code CompressedEdwardsY::decompress} decides: (y² - 1) / (d·y² + 1) must be a square (zero
     * included). Tested on u·v, which is a square exactly when u / v is (v² is one), with the Jacobi
     * symbol (for a prime it is Legendre's): no inverse and no modular power. The field arithmetic
     * works on four 64-bit limbs and reduces with 2^256 = 38 (mod p): every derived address tries
     * one or two bumps, and a load run derives thousands a second.
     */
    static boolean onCurve(byte[] compressed) {
        long[] y = {le(compressed, 0), le(compressed, 8), le(compressed, 16), le(compressed, 24) & Long.MAX_VALUE};
        reduceOnce(y);
        long[] yy = new long[4];
        mul(y, y, yy);
        long[] u = yy.clone();
        subtractOne(u);
        long[] v = new long[4];
        mul(D_LIMBS, yy, v);
        addOne(v);
        if (isZero(v)) {
            return isZero(u);
        }
        long[] uv = new long[4];
        mul(u, v, uv);
        return jacobi(uv, P_LIMBS) >= 0;
    }

    /** out = a·b mod p, fully reduced; a and b below p. */
    private static void mul(long[] a, long[] b, long[] out) {
        long[] t = new long[8];
        for (int i = 0; i < 4; i++) {
            long carry = 0;
            for (int j = 0; j < 4; j++) {
                long lo = a[i] * b[j];
                long hi = Math.unsignedMultiplyHigh(a[i], b[j]);
                long s = t[i + j] + lo;
                hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0;
                long s2 = s + carry;
                hi += Long.compareUnsigned(s2, carry) < 0 ? 1 : 0;
                t[i + j] = s2;
                carry = hi;
            }
            t[i + 4] = carry;
        }
        // t = high·2^256 + low = high·38 + low (mod p)
        long carry = 0;
        for (int k = 0; k < 4; k++) {
            long lo = t[k + 4] * 38;
            long hi = Math.unsignedMultiplyHigh(t[k + 4], 38);
            long s = t[k] + lo;
            hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0;
            long s2 = s + carry;
            hi += Long.compareUnsigned(s2, carry) < 0 ? 1 : 0;
            out[k] = s2;
            carry = hi;
        }
        // What is left above 2^256 is small: fold it in (at most twice), then bring the value below p.
        while (carry != 0) {
            carry = addSmall(out, carry * 38);
        }
        long top = out[3] >>> 63;
        out[3] &= Long.MAX_VALUE;
        addSmall(out, top * 19);
        reduceOnce(out);
    }

    /** Subtracts p once if the value (below 2^255 + p) is at least p. */
    private static void reduceOnce(long[] a) {
        // a >= p exactly when a + 19 reaches 2^255.
        long[] t = a.clone();
        addSmall(t, 19);
        if (t[3] < 0) {
            t[3] &= Long.MAX_VALUE;
            System.arraycopy(t, 0, a, 0, 4);
        }
    }

    /** a += small; returns the carry out of the top limb (0 or 1). */
    private static long addSmall(long[] a, long small) {
        long carry = small;
        for (int i = 0; i < 4 && carry != 0; i++) {
            long s = a[i] + carry;
            carry = Long.compareUnsigned(s, carry) < 0 ? 1 : 0;
            a[i] = s;
        }
        return carry;
    }

    /** a = a - 1 mod p, for a below p. */
    private static void subtractOne(long[] a) {
        if (isZero(a)) {
            System.arraycopy(P_LIMBS, 0, a, 0, 4);
        }
        for (int i = 0; i < 4; i++) {
            long was = a[i];
            a[i] = was - 1;
            if (was != 0) {
                return;
            }
        }
    }

    /** a = a + 1 mod p, for a below p. */
    private static void addOne(long[] a) {
        addSmall(a, 1);
        reduceOnce(a);
    }

    private static long le(byte[] b, int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[offset + i] & 0xFFL);
        }
        return v;
    }

    /** The Jacobi symbol (a / n) for odd n, both as little-endian 64-bit limbs. */
    static int jacobi(long[] a, long[] n) {
        return jacobi(a[0], a[1], a[2], a[3], n[0], n[1], n[2], n[3]);
    }

    /**
     * The binary algorithm, on the limbs held in locals (a 255-bit symbol takes about 180 turns, so
     * the turn's cost is what counts), and on plain longs once both numbers fit in one.
     */
    private static int jacobi(long a0, long a1, long a2, long a3, long n0, long n1, long n2, long n3) {
        int t = 1;
        while (true) {
            if ((a1 | a2 | a3 | n1 | n2 | n3) == 0) {
                return t * jacobi64(a0, n0);
            }
            if ((a0 | a1 | a2 | a3) == 0) {
                return 0; // n > 1: they share it
            }
            while (a0 == 0) { // 64 factors of two flip nothing
                a0 = a1;
                a1 = a2;
                a2 = a3;
                a3 = 0;
            }
            int zeros = Long.numberOfTrailingZeros(a0);
            if (zeros != 0) {
                a0 = (a0 >>> zeros) | (a1 << (64 - zeros));
                a1 = (a1 >>> zeros) | (a2 << (64 - zeros));
                a2 = (a2 >>> zeros) | (a3 << (64 - zeros));
                a3 >>>= zeros;
                int n8 = (int) (n0 & 7);
                if ((zeros & 1) == 1 && (n8 == 3 || n8 == 5)) {
                    t = -t;
                }
            }
            boolean less = a3 != n3 ? Long.compareUnsigned(a3, n3) < 0 : a2 != n2 ? Long.compareUnsigned(a2, n2) < 0
                    : a1 != n1 ? Long.compareUnsigned(a1, n1) < 0 : Long.compareUnsigned(a0, n0) < 0;
            if (less) {
                long x0 = a0;
                long x1 = a1;
                long x2 = a2;
                long x3 = a3;
                a0 = n0;
                a1 = n1;
                a2 = n2;
                a3 = n3;
                n0 = x0;
                n1 = x1;
                n2 = x2;
                n3 = x3;
                if ((a0 & 3) == 3 && (n0 & 3) == 3) {
                    t = -t;
                }
            }
            long d0 = a0 - n0;
            long borrow = borrow(a0, n0, d0);
            long d1 = a1 - n1 - borrow;
            borrow = borrow(a1, n1, d1);
            long d2 = a2 - n2 - borrow;
            borrow = borrow(a2, n2, d2);
            a3 = a3 - n3 - borrow;
            a0 = d0;
            a1 = d1;
            a2 = d2;
        }
    }

    /** The borrow out of {@code d = x - y - borrowIn}, from the three words alone. */
    private static long borrow(long x, long y, long d) {
        return ((~x & y) | (~(x ^ y) & d)) >>> 63;
    }

    /** The Jacobi symbol (a / n) for odd n, both unsigned: the same algorithm on one limb. */
    private static int jacobi64(long a, long n) {
        int t = 1;
        while (a != 0) {
            int zeros = Long.numberOfTrailingZeros(a);
            a >>>= zeros;
            int n8 = (int) (n & 7);
            if ((zeros & 1) == 1 && (n8 == 3 || n8 == 5)) {
                t = -t;
            }
            if (Long.compareUnsigned(a, n) < 0) {
                long x = a;
                a = n;
                n = x;
                if ((a & 3) == 3 && (n & 3) == 3) {
                    t = -t;
                }
            }
            a -= n;
        }
        return n == 1 ? t : 0;
    }

    private static boolean isZero(long[] a) {
        return (a[0] | a[1] | a[2] | a[3]) == 0;
    }





    private static long[] limbs(BigInteger v) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            l[i] = v.shiftRight(64 * i).longValue();
        }
        return l;
    }

    /** The first 8 bytes of sha256(text): an Anchor discriminator. */
    public static byte[] discriminator(String text) {
        byte[] hash = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        byte[] d = new byte[8];
        System.arraycopy(hash, 0, d, 0, 8);
        return d;
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
