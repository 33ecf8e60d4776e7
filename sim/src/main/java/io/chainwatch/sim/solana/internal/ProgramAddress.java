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
 */
public final class ProgramAddress {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = -121665 / 121666 mod p. */
    private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final byte[] MARKER = "ProgramDerivedAddress".getBytes(StandardCharsets.US_ASCII);

    private ProgramAddress() {
    }

    /** The address for {@code seeds} under {@code program}, with the highest bump that is off the curve. */
    public static Pubkey find(Pubkey program, byte[]... seeds) {
        for (int bump = 255; bump >= 0; bump--) {
            MessageDigest sha = sha256();
            for (byte[] s : seeds) {
                sha.update(s);
            }
            sha.update((byte) bump);
            sha.update(program.bytes());
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
     * symbol (for a prime it is Legendre's): no inverse and no modular power, about ten times faster
     * than Euler's criterion, which matters because every derived address tries one or two bumps.
     */
    static boolean onCurve(byte[] compressed) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = compressed[31 - i];
        }
        be[0] &= 0x7F;
        BigInteger y = new BigInteger(1, be).mod(P);
        BigInteger yy = y.multiply(y).mod(P);
        BigInteger u = yy.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(yy).add(BigInteger.ONE).mod(P);
        if (v.signum() == 0) {
            return u.signum() == 0;
        }
        BigInteger uv = u.multiply(v).mod(P);
        return jacobi(limbs(uv), limbs(P)) >= 0;
    }

    /** The Jacobi symbol (a / n) for odd n, both as little-endian 64-bit limbs (consumed): the binary algorithm. */
    static int jacobi(long[] a, long[] n) {
        int t = 1;
        while (!isZero(a)) {
            int zeros = trailingZeros(a);
            shiftRight(a, zeros);
            int n8 = (int) (n[0] & 7);
            if ((zeros & 1) == 1 && (n8 == 3 || n8 == 5)) {
                t = -t;
            }
            if (compare(a, n) < 0) {
                long[] x = a;
                a = n;
                n = x;
                if ((a[0] & 3) == 3 && (n[0] & 3) == 3) {
                    t = -t;
                }
            }
            subtract(a, n);
        }
        return n[0] == 1 && n[1] == 0 && n[2] == 0 && n[3] == 0 ? t : 0;
    }

    private static long[] limbs(BigInteger v) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            l[i] = v.shiftRight(64 * i).longValue();
        }
        return l;
    }

    private static boolean isZero(long[] a) {
        return (a[0] | a[1] | a[2] | a[3]) == 0;
    }

    private static int trailingZeros(long[] a) {
        for (int i = 0; i < 4; i++) {
            if (a[i] != 0) {
                return 64 * i + Long.numberOfTrailingZeros(a[i]);
            }
        }
        return 256;
    }

    private static void shiftRight(long[] a, int bits) {
        int words = bits >>> 6;
        int rest = bits & 63;
        for (int i = 0; i < 4; i++) {
            int from = i + words;
            long lo = from < 4 ? a[from] : 0;
            long hi = from + 1 < 4 ? a[from + 1] : 0;
            a[i] = rest == 0 ? lo : (lo >>> rest) | (hi << (64 - rest));
        }
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 3; i >= 0; i--) {
            int c = Long.compareUnsigned(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** a -= b, for a >= b. */
    private static void subtract(long[] a, long[] b) {
        long borrow = 0;
        for (int i = 0; i < 4; i++) {
            long d = a[i] - b[i] - borrow;
            borrow = Long.compareUnsigned(a[i], b[i]) < 0 || (borrow == 1 && a[i] == b[i]) ? 1 : 0;
            a[i] = d;
        }
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
