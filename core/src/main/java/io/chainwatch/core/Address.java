package io.chainwatch.core;

/** A 20-byte EVM address: the top 4 bytes in {@code hi}, then two 8-byte words. */
public record Address(int hi, long mid, long lo) {
    public static final Address ZERO = new Address(0, 0, 0);

    /** Parses {@code 0x} + 40 hex digits (any case). */
    public static Address of(CharSequence hex) {
        int from = Hex.start(hex);
        if (hex.length() - from != 40) {
            throw new IllegalArgumentException("an address needs 40 hex digits, got " + (hex.length() - from) + ": '" + hex + "'");
        }
        return at(hex, from);
    }

    /** Reads 40 hex digits starting at {@code from}. */
    public static Address at(CharSequence hex, int from) {
        return new Address((int) Hex.readBits(hex, from, 8), Hex.readWord(hex, from + 8), Hex.readWord(hex, from + 24));
    }

    /**
     * Reads an address from a 32-byte ABI word (64 hex digits starting at {@code from}); the top 12
     * bytes must be zero.
     */
    public static Address fromWord(CharSequence hex, int from) {
        for (int i = from; i < from + 24; i++) {
            if (hex.charAt(i) != '0') {
                throw new IllegalArgumentException("ABI address word has non-zero high bytes at " + i);
            }
        }
        return at(hex, from + 24);
    }

    /** Lower-case {@code 0x} form. */
    public String hex() {
        StringBuilder sb = new StringBuilder(42).append("0x");
        Hex.appendWord(sb, hi & 0xFFFFFFFFL, 8);
        Hex.appendWord(sb, mid, 16);
        Hex.appendWord(sb, lo, 16);
        return sb.toString();
    }

    @Override
    public String toString() {
        return hex();
    }
}
