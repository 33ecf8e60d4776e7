package io.chainwatch.core;

/** A 32-byte hash (block hash, transaction hash, log topic), held as four big-endian words. */
public record Hash32(long w0, long w1, long w2, long w3) {
    public static final Hash32 ZERO = new Hash32(0, 0, 0, 0);

    /** Parses {@code 0x} + 64 hex digits. */
    public static Hash32 of(CharSequence hex) {
        int from = Hex.start(hex);
        if (hex.length() - from != 64) {
            throw new IllegalArgumentException("a 32-byte hash needs 64 hex digits, got " + (hex.length() - from));
        }
        return at(hex, from);
    }

    /** Reads 64 hex digits starting at {@code from}, with no length check of the whole. */
    public static Hash32 at(CharSequence hex, int from) {
        return new Hash32(Hex.readWord(hex, from), Hex.readWord(hex, from + 16),
                Hex.readWord(hex, from + 32), Hex.readWord(hex, from + 48));
    }

    public String hex() {
        StringBuilder sb = new StringBuilder(66).append("0x");
        Hex.appendWord(sb, w0, 16);
        Hex.appendWord(sb, w1, 16);
        Hex.appendWord(sb, w2, 16);
        Hex.appendWord(sb, w3, 16);
        return sb.toString();
    }

    @Override
    public String toString() {
        return hex();
    }
}
