package io.chainwatch.solana;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Anchor discriminators: the first 8 bytes of sha256("account:Name") or sha256("event:Name"). Held
 * as the little-endian long of those bytes, so one 8-byte read of the data compares with one
 * constant.
 */
public final class Discriminators {
    private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Discriminators() {
    }

    /** The discriminator of {@code preimage}, e.g. {@code "event:TradeEvent"}. */
    public static long of(String preimage) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(preimage.getBytes(StandardCharsets.UTF_8));
            return read(hash, 0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The 8 bytes at {@code offset} as a little-endian long; the caller checks that they are there. */
    public static long read(byte[] data, int offset) {
        return (long) LITTLE_ENDIAN_LONGS.get(data, offset);
    }

    /** The discriminator's bytes in hex, in byte order, as IDL tools print it: {@code bddb7fd34ee661ee}. */
    public static String hex(long discriminator) {
        return String.format("%016x", Long.reverseBytes(discriminator));
    }
}
