package io.chainwatch.solana;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet, as Solana writes public keys and signatures. Each leading zero
 * byte is one leading {@code '1'}, both ways.
 *
 * <p>Written here because no maintained Java library with it resolves from our Maven mirror (sava
 * and solanaj do not; BouncyCastle has no base58). The algorithm is the textbook base conversion,
 * quadratic in the length, which is fine for 32- and 64-byte values; decoding, on the stream's hot
 * path (every notification's signature), works in 32-bit limbs, five digits at a time.
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
        // log(256) / log(58) < 1.38: digits needed for the significant bytes.
        int size = (length - zeros) * 138 / 100 + 1;
        byte[] digits = new byte[size];
        int used = 0;
        for (int i = offset + zeros; i < end; i++) {
            int carry = data[i] & 0xFF;
            int j = 0;
            for (int k = size - 1; (carry != 0 || j < used) && k >= 0; k--, j++) {
                carry += 256 * digits[k];
                digits[k] = (byte) (carry % 58);
                carry /= 58;
            }
            used = j;
        }
        int first = size - used;
        while (first < size && digits[first] == 0) {
            first++;
        }
        char[] out = new char[zeros + size - first];
        Arrays.fill(out, 0, zeros, '1');
        for (int i = first, o = zeros; i < size; i++, o++) {
            out[o] = DIGITS[digits[i]];
        }
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
