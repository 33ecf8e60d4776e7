package io.chainwatch.store;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A Solana transaction signature, the transaction's identity: its 64 bytes as eight big-endian
 * words, so that it compares and hashes by value and is written without copying.
 */
public record SolanaSignature(long w0, long w1, long w2, long w3, long w4, long w5, long w6, long w7) {
    public static final int BYTES = 64;

    /** The signature of 64 bytes. */
    public static SolanaSignature of(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a signature is 64 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new SolanaSignature(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    /** A fresh copy of the 64 bytes. */
    public byte[] bytes() {
        return ByteBuffer.allocate(BYTES).putLong(w0).putLong(w1).putLong(w2).putLong(w3)
                .putLong(w4).putLong(w5).putLong(w6).putLong(w7).array();
    }

    /** Hex of the 64 bytes, for messages; base58 is the solana module's business. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes());
    }
}
