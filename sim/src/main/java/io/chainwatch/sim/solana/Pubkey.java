package io.chainwatch.sim.solana;

import io.chainwatch.sim.solana.internal.Base58;
import java.util.random.RandomGenerator;

/**
 * A 32-byte value as Solana writes it in base58: a public key, a program id, a blockhash. Held as
 * four big-endian words; the base58 text is made once, on first use. Immutable and thread-safe
 * (the cached text is a benign race: every thread computes the same String).
 */
public final class Pubkey {
    public static final Pubkey ZERO = new Pubkey(0, 0, 0, 0);

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;
    private String base58;

    private Pubkey(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    public static Pubkey of(byte[] b, int offset) {
        return new Pubkey(word(b, offset), word(b, offset + 8), word(b, offset + 16), word(b, offset + 24));
    }

    public static Pubkey of(byte[] b) {
        if (b.length != 32) {
            throw new IllegalArgumentException("a key is 32 bytes, got " + b.length);
        }
        return of(b, 0);
    }

    public static Pubkey random(RandomGenerator rng) {
        return new Pubkey(rng.nextLong(), rng.nextLong(), rng.nextLong(), rng.nextLong());
    }

    /** Parses base58; null when the text is not base58 or not 32 bytes. */
    public static Pubkey parseOrNull(String text) {
        if (text.length() > 44) {
            return null;
        }
        byte[] b = Base58.decode(text);
        return b == null || b.length != 32 ? null : of(b, 0);
    }

    /** Parses a base58 key that the simulator itself wrote (a constant); throws on a typo. */
    public static Pubkey fromBase58(String text) {
        Pubkey k = parseOrNull(text);
        if (k == null) {
            throw new IllegalArgumentException("not a base58 key: " + text);
        }
        return k;
    }

    public byte[] bytes() {
        byte[] b = new byte[32];
        writeTo(b, 0);
        return b;
    }

    public void writeTo(byte[] out, int offset) {
        put(out, offset, w0);
        put(out, offset + 8, w1);
        put(out, offset + 16, w2);
        put(out, offset + 24, w3);
    }

    public String base58() {
        String s = base58;
        if (s == null) {
            s = Base58.encode(bytes());
            base58 = s;
        }
        return s;
    }

    /** True when {@code data[offset..offset+32)} holds this key. */
    public boolean matches(byte[] data, int offset) {
        return offset >= 0 && offset + 32 <= data.length && word(data, offset) == w0 && word(data, offset + 8) == w1
                && word(data, offset + 16) == w2 && word(data, offset + 24) == w3;
    }

    private static long word(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[o + i] & 0xFFL);
        }
        return v;
    }

    private static void put(byte[] b, int o, long v) {
        for (int i = 7; i >= 0; i--) {
            b[o + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pubkey k && k.w0 == w0 && k.w1 == w1 && k.w2 == w2 && k.w3 == w3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(w0 * 31 + w3);
    }

    @Override
    public String toString() {
        return base58();
    }
}
