package io.chainwatch.sim.solana.internal;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet, as Solana writes keys, signatures and instruction data. The
 * simulator's own implementation, independent of the decoders it is checked against. Stateless.
 */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEX = new int[128];
    private static final long CHUNK = 58L * 58 * 58 * 58 * 58;

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEX[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    public static String encode(byte[] data, int offset, int length) {
        int zeros = 0;
        while (zeros < length && data[offset + zeros] == 0) {
            zeros++;
        }
        // The number as big-endian 32-bit words, divided by 58^5 per pass: five digits a pass, each
        // step one long division (the remainder stays below 2^31, so remainder << 32 fits a long).
        int significant = length - zeros;
        int[] words = new int[(significant + 3) / 4];
        for (int i = 0; i < significant; i++) {
            int fromEnd = significant - 1 - i;
            words[words.length - 1 - fromEnd / 4] |= (data[offset + zeros + i] & 0xFF) << (8 * (fromEnd % 4));
        }
        char[] out = new char[zeros + significant * 138 / 100 + 6];
        int end = out.length;
        int at = end;
        int first = 0;
        while (first < words.length) {
            long rem = 0;
            for (int i = first; i < words.length; i++) {
                long cur = (rem << 32) | (words[i] & 0xFFFF_FFFFL);
                words[i] = (int) (cur / CHUNK);
                rem = cur % CHUNK;
            }
            while (first < words.length && words[first] == 0) {
                first++;
            }
            for (int d = 0; d < 5; d++) {
                out[--at] = ALPHABET[(int) (rem % 58)];
                rem /= 58;
            }
        }
        while (at < end && out[at] == '1') {
            at++; // leading zero digits of the last chunk are not digits of the number
        }
        for (int i = 0; i < zeros; i++) {
            out[--at] = '1';
        }
        return new String(out, at, end - at);
    }

    /** The bytes of {@code text}, or null when it holds a character outside the alphabet. */
    public static byte[] decode(CharSequence text) {
        int n = text.length();
        int zeros = 0;
        while (zeros < n && text.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] bytes = new byte[n];
        int used = 0;
        for (int i = zeros; i < n; i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? INDEX[c] : -1;
            if (digit < 0) {
                return null;
            }
            int carry = digit;
            for (int j = 0; j < used; j++) {
                carry += (bytes[j] & 0xFF) * 58;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[used++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + used];
        for (int i = 0; i < used; i++) {
            out[zeros + i] = bytes[used - 1 - i];
        }
        return out;
    }
}
