package io.chainwatch.solana;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet, as Solana writes public keys and signatures. Each leading zero
 * byte is one leading {@code '1'}, both ways.
 *
 * <p>Written here because no maintained Java library with it resolves from our Maven mirror (sava
 * and solanaj do not; BouncyCastle has no base58). The algorithm is the textbook base conversion,
 * quadratic in the length, which is fine for 32- and 64-byte values. Both ways are on the feed's hot
 * path (every notification's signature, every stored event's keys), so they work in wide limbs: a
 * few dozen long multiplications for a signature instead of thousands of byte steps.
 */
public final class Base58 {
    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final char[] DIGITS = ALPHABET.toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = (byte) i;
        }
    }

    /** 58^5, the base of a limb: five digits. */
    private static final long FIVE_DIGITS = 58L * 58 * 58 * 58 * 58;

    private Base58() {
    }

    public static String encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    /** Encodes {@code length} bytes of {@code data} from {@code offset}. */
    public static String encode(byte[] data, int offset, int length) {
        int end = offset + length;
        int zeros = 0;
        while (zeros < length && data[offset + zeros] == 0) {
            zeros++;
        }
        // The value is built in limbs of five base-58 digits (below 58^5 < 2^30, least significant
        // first), four bytes at a time: a limb times 2^32 plus the carry fits a long.
        // log(256) / log(58) < 1.38: digits needed for the significant bytes.
        int[] limbs = new int[((length - zeros) * 138 / 100 + 1) / 5 + 2];
        int used = 0;
        for (int i = offset + zeros; i < end; ) {
            int take = Math.min(4, end - i);
            long carry = 0;
            for (int j = 0; j < take; j++, i++) {
                carry = carry << 8 | (data[i] & 0xFF);
            }
            int shift = 8 * take;
            for (int k = 0; k < used; k++) {
                long t = ((long) limbs[k] << shift) + carry;
                limbs[k] = (int) (t % FIVE_DIGITS);
                carry = t / FIVE_DIGITS;
            }
            while (carry != 0) {
                limbs[used++] = (int) (carry % FIVE_DIGITS);
                carry /= FIVE_DIGITS;
            }
        }
        char[] digits = new char[used * 5];
        for (int k = 0, at = digits.length - 1; k < used; k++) {
            int v = limbs[k];
            for (int d = 0; d < 5; d++, at--) {
                digits[at] = DIGITS[v % 58];
                v /= 58;
            }
        }
        int first = 0;
        while (first < digits.length && digits[first] == '1') {
            first++;
        }
        char[] out = new char[zeros + digits.length - first];
        Arrays.fill(out, 0, zeros, '1');
        System.arraycopy(digits, first, out, zeros, digits.length - first);
        return new String(out);
    }

    /**
     * Decodes base58 text.
     *
     * @throws IllegalArgumentException on a character outside the alphabet, naming it and its place
     */
    public static byte[] decode(CharSequence text) {
        int length = text.length();
        int ones = 0;
        while (ones < length && text.charAt(ones) == '1') {
            ones++;
        }
        // The value is built in 32-bit limbs (least significant first), five digits at a time:
        // 58^5 < 2^30, so a limb times it plus the carry fits a long. A 64-byte signature takes 18
        // rounds over at most 16 limbs, instead of 88 rounds over up to 64 bytes.
        // log(58) / log(256) < 0.733: bytes needed for the significant digits.
        int size = (length - ones) * 733 / 1000 + 1;
        int[] limbs = new int[(size + 3) / 4 + 1];
        int used = 0;
        for (int i = ones; i < length; ) {
            int take = Math.min(5, length - i);
            long carry = 0;
            long multiplier = 1;
            for (int j = 0; j < take; j++, i++) {
                carry = carry * 58 + value(text, i);
                multiplier *= 58;
            }
            for (int j = 0; j < used; j++) {
                long t = (limbs[j] & 0xFFFF_FFFFL) * multiplier + carry;
                limbs[j] = (int) t;
                carry = t >>> 32;
            }
            if (carry != 0) {
                limbs[used++] = (int) carry;
            }
        }
        int significant = used * 4;
        while (significant > 0 && (limbs[(significant - 1) / 4] >>> (8 * ((significant - 1) % 4)) & 0xFF) == 0) {
            significant--;
        }
        byte[] out = new byte[ones + significant];
        for (int b = 0; b < significant; b++) {
            out[out.length - 1 - b] = (byte) (limbs[b / 4] >>> (8 * (b % 4)));
        }
        return out;
    }

    /** True when {@code text} has only base58 characters (the empty text included). */
    public static boolean isValid(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || VALUES[c] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int value(CharSequence text, int at) {
        char c = text.charAt(at);
        int v = c < 128 ? VALUES[c] : -1;
        if (v < 0) {
            throw new IllegalArgumentException("not a base58 character at " + at + ": '" + c + "' (U+"
                    + String.format("%04X", (int) c) + ")");
        }
        return v;
    }
}
