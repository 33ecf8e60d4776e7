package io.chainwatch.core;

/**
 * Hex codec for the JSON-RPC edge. Reads straight from the characters of a {@link CharSequence}
 * so that decoders need no intermediate byte arrays.
 */
public final class Hex {
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < 10; i++) {
            VALUES['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            VALUES['a' + i] = (byte) (10 + i);
            VALUES['A' + i] = (byte) (10 + i);
        }
    }

    private Hex() {
    }

    /** Value of one hex digit, or -1 when {@code c} is not one. */
    public static int digit(char c) {
        return c < 128 ? VALUES[c] : -1;
    }

    /**
     * Reads 16 hex digits starting at {@code from} as an unsigned 64-bit word.
     *
     * @throws IllegalArgumentException on a non-hex character
     */
    public static long readWord(CharSequence s, int from) {
        long v = 0;
        for (int i = from, end = from + 16; i < end; i++) {
            int d = digit(s.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("not a hex digit at " + i + ": '" + s.charAt(i) + "'");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /**
     * Reads 16 ASCII hex digits at {@code from} as an unsigned 64-bit word, eight digits per step.
     * The hot path of log decoding: one copy of the log's text to bytes, then no per-digit branch.
     *
     * @throws IllegalArgumentException on a non-hex byte
     */
    public static long readWord(byte[] ascii, int from) {
        return (read8(ascii, from) << 32) | read8(ascii, from + 8);
    }

    /*
     * Eight ASCII bytes in one long, first digit in the top byte. A byte b < 0x80 is a digit when
     * b + 0x50 reaches 0x80 and b + 0x46 does not (0x30..0x39); lower-cased (| 0x20) it is a letter
     * when it + 0x1F reaches 0x80 and it + 0x19 does not (0x61..0x66). No byte carries into its
     * neighbour while every byte is below 0x80, which is checked too. A letter has bit 6 set: its
     * value is its low nibble + 9. Then three shift-and-mask steps pack the eight nibbles.
     */
    private static long read8(byte[] ascii, int from) {
        long x = (long) BIG_ENDIAN_LONGS.get(ascii, from);
        long lower = x | 0x2020202020202020L;
        long digit = (x + 0x5050505050505050L) & ~(x + 0x4646464646464646L);
        long letter = (lower + 0x1F1F1F1F1F1F1F1FL) & ~(lower + 0x1919191919191919L);
        if ((x & HIGH_BITS) != 0 || ((digit | letter) & HIGH_BITS) != HIGH_BITS) {
            throw new IllegalArgumentException("not a hex digit in '" + new String(ascii, from, 8, java.nio.charset.StandardCharsets.ISO_8859_1)
                    + "' at " + from);
        }
        long n = (x & 0x0F0F0F0F0F0F0F0FL) + ((x >>> 6) & 0x0101010101010101L) * 9;
        n = (n | (n >>> 4)) & 0x00FF00FF00FF00FFL;
        n = (n | (n >>> 8)) & 0x0000FFFF0000FFFFL;
        return (n | (n >>> 16)) & 0xFFFFFFFFL;
    }

    /** Reads {@code digits} (at most 16) hex digits starting at {@code from}. */
    public static long readBits(CharSequence s, int from, int digits) {
        long v = 0;
        for (int i = from, end = from + digits; i < end; i++) {
            int d = digit(s.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("not a hex digit at " + i + ": '" + s.charAt(i) + "'");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Offset of the first digit: 2 for a {@code 0x} prefix, else 0. */
    public static int start(CharSequence s) {
        return s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X') ? 2 : 0;
    }

    /** Parses a JSON-RPC quantity such as {@code 0x1a} into a long. */
    public static long quantity(CharSequence s) {
        int from = start(s);
        int digits = s.length() - from;
        if (digits == 0 || digits > 16) {
            throw new IllegalArgumentException("not a 64-bit hex quantity: '" + s + "'");
        }
        return readBits(s, from, digits);
    }

    /** Formats a long as a JSON-RPC quantity ({@code 0x0}, {@code 0x1a}). */
    public static String quantity(long v) {
        return "0x" + Long.toHexString(v);
    }

    public static byte[] decode(CharSequence s) {
        int from = start(s);
        int digits = s.length() - from;
        if ((digits & 1) != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + digits);
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(s.charAt(from + 2 * i));
            int lo = digit(s.charAt(from + 2 * i + 1));
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex digit near " + (from + 2 * i));
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    public static String encode(byte[] bytes) {
        char[] out = new char[2 + bytes.length * 2];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[3 + 2 * i] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** Appends {@code digits} lower-case hex digits of {@code v} (zero padded) to {@code sb}. */
    public static void appendWord(StringBuilder sb, long v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(DIGITS[(int) (v >>> shift) & 0xF]);
        }
    }
}
