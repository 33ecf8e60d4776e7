package io.chainwatch.solana;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A 32-byte Solana public key (account or program address), held as four big-endian words so that
 * equality and hashing cost no array walk. Its text form is base58.
 */
public record PublicKey(long w0, long w1, long w2, long w3) implements Comparable<PublicKey> {
    public static final int BYTES = 32;
    /** All zero bytes: Solana's default key, {@code 11111111111111111111111111111111} (the system program). */
    public static final PublicKey ZERO = new PublicKey(0, 0, 0, 0);

    private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * Reads 32 bytes at {@code offset}.
     *
     * @throws IndexOutOfBoundsException when fewer than 32 bytes follow {@code offset}
     */
    public static PublicKey read(byte[] data, int offset) {
        return new PublicKey((long) BIG_ENDIAN_LONGS.get(data, offset), (long) BIG_ENDIAN_LONGS.get(data, offset + 8),
                (long) BIG_ENDIAN_LONGS.get(data, offset + 16), (long) BIG_ENDIAN_LONGS.get(data, offset + 24));
    }

    /** @throws IllegalArgumentException unless {@code bytes} is exactly 32 long */
    public static PublicKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a public key is 32 bytes, got " + bytes.length);
        }
        return read(bytes, 0);
    }

    /**
     * Parses base58 text.
     *
     * @throws IllegalArgumentException when the text is not base58 or does not decode to 32 bytes
     */
    public static PublicKey fromBase58(CharSequence text) {
        if (text.length() > 44) {
            throw new IllegalArgumentException("a base58 public key has at most 44 characters, got " + text.length() + ": '" + text + "'");
        }
        byte[] bytes = Base58.decode(text);
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("'" + text + "' decodes to " + bytes.length + " bytes, a public key is 32");
        }
        return read(bytes, 0);
    }

    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        writeTo(out, 0);
        return out;
    }

    public void writeTo(byte[] out, int offset) {
        BIG_ENDIAN_LONGS.set(out, offset, w0);
        BIG_ENDIAN_LONGS.set(out, offset + 8, w1);
        BIG_ENDIAN_LONGS.set(out, offset + 16, w2);
        BIG_ENDIAN_LONGS.set(out, offset + 24, w3);
    }

    public boolean isZero() {
        return (w0 | w1 | w2 | w3) == 0;
    }

    public String toBase58() {
        byte[] text = new byte[Base58.MAX_KEY_CHARS];
        return new String(text, 0, Base58.encodeKey(w0, w1, w2, w3, text, 0), StandardCharsets.US_ASCII);
    }

    /** Byte-wise unsigned order, the order of Solana's {@code Pubkey}. */
    @Override
    public int compareTo(PublicKey o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c == 0) {
            c = Long.compareUnsigned(w1, o.w1);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w2, o.w2);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w3, o.w3);
        }
        return c;
    }

    /** The base58 text. */
    @Override
    public String toString() {
        return toBase58();
    }
}
