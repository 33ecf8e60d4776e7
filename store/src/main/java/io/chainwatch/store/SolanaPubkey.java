package io.chainwatch.store;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A Solana public key (a mint, a program, a trader, a creator): its 32 bytes as four big-endian
 * words, so that it compares and hashes by value and is written without copying.
 */
public record SolanaPubkey(long w0, long w1, long w2, long w3) {
    public static final int BYTES = 32;

    /** The key of 32 bytes. */
    public static SolanaPubkey of(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a public key is 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new SolanaPubkey(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    /** A fresh copy of the 32 bytes. */
    public byte[] bytes() {
        return ByteBuffer.allocate(BYTES).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
    }

    /** Hex of the 32 bytes, for messages; base58 is the solana module's business. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes());
    }
}
