package io.chainwatch.market.pump;

import io.chainwatch.solana.Base58;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A Solana transaction signature: 64 bytes, held as eight big-endian words so that equality, hashing
 * and order cost no array walk. Its text form is base58, as RPC responses and explorers show it.
 */
public record TxSignature(long w0, long w1, long w2, long w3, long w4, long w5, long w6, long w7)
        implements Comparable<TxSignature> {
    public static final int BYTES = 64;

    private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * Reads 64 bytes at {@code offset}.
     *
     * @throws IndexOutOfBoundsException when fewer than 64 bytes follow {@code offset}
     */
    public static TxSignature read(byte[] data, int offset) {
        java.util.Objects.checkFromIndexSize(offset, BYTES, data.length);
        return new TxSignature(word(data, offset), word(data, offset + 8), word(data, offset + 16), word(data, offset + 24),
                word(data, offset + 32), word(data, offset + 40), word(data, offset + 48), word(data, offset + 56));
    }

    private static long word(byte[] data, int offset) {
        return (long) BIG_ENDIAN_LONGS.get(data, offset);
    }

    /**
     * Parses base58 text.
     *
     * @throws IllegalArgumentException when the text is not base58 or does not decode to 64 bytes
     */
    public static TxSignature fromBase58(CharSequence text) {
        int length = text.length();
        checkLength(length);
        char[] chars = new char[length];
        text.toString().getChars(0, length, chars, 0);
        return fromBase58(chars, 0, length);
    }

    /**
     * Parses the base58 text in {@code length} chars of {@code text} from {@code offset}: a parser's
     * buffer, read without a String.
     *
     * @throws IllegalArgumentException when the text is not base58 or does not decode to 64 bytes
     */
    public static TxSignature fromBase58(char[] text, int offset, int length) {
        checkLength(length);
        long[] w = new long[8];
        if (!Base58.decode64(text, offset, length, w)) {
            int bytes = Base58.decode(java.nio.CharBuffer.wrap(text, offset, length)).length;
            throw new IllegalArgumentException("'" + new String(text, offset, length) + "' decodes to " + bytes
                    + " bytes, a signature is 64");
        }
        return new TxSignature(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
    }

    private static void checkLength(int length) {
        if (length > Base58.MAX_VALUE64_CHARS) {
            throw new IllegalArgumentException("a base58 signature has at most 88 characters, got " + length);
        }
    }

    /** The {@code i}-th big-endian word, 0 to 7. */
    public long word(int i) {
        return switch (i) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            case 4 -> w4;
            case 5 -> w5;
            case 6 -> w6;
            case 7 -> w7;
            default -> throw new IndexOutOfBoundsException("a signature has words 0 to 7, not " + i);
        };
    }

    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        for (int i = 0; i < 8; i++) {
            BIG_ENDIAN_LONGS.set(out, 8 * i, word(i));
        }
        return out;
    }

    public String toBase58() {
        return Base58.encode(toBytes());
    }

    /** Byte-wise unsigned order. */
    @Override
    public int compareTo(TxSignature o) {
        for (int i = 0; i < 8; i++) {
            int c = Long.compareUnsigned(word(i), o.word(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The base58 text. */
    @Override
    public String toString() {
        return toBase58();
    }
}
