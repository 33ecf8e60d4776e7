package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes borsh, the little-endian layout of Anchor accounts, events and instruction arguments:
 * fixed-width integers, bools as one byte, strings and vectors with a u32 length. The simulator's
 * own encoder, written from the layouts and independent of the decoders it is checked against.
 *
 * <p>Confined to the thread that made it; not thread-safe.
 */
public final class BorshWriter {
    private byte[] buf;
    private int len;

    public BorshWriter(int capacity) {
        buf = new byte[capacity];
    }

    public BorshWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    public BorshWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public BorshWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public BorshWriter u16(int v) {
        return le(v, 2);
    }

    public BorshWriter u32(long v) {
        return le(v, 4);
    }

    /** Unsigned 64 bits, held in a long (values above Long.MAX_VALUE are negative longs). */
    public BorshWriter u64(long v) {
        return le(v, 8);
    }

    public BorshWriter i64(long v) {
        return le(v, 8);
    }

    /** A signed 128-bit value that fits a long, sign-extended. */
    public BorshWriter i128(long v) {
        le(v, 8);
        return le(v < 0 ? -1L : 0L, 8);
    }

    public BorshWriter pubkey(Pubkey k) {
        ensure(32);
        k.writeTo(buf, len);
        len += 32;
        return this;
    }

    public BorshWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        return raw(b);
    }

    /** Zero bytes up to a total length of {@code size} (accounts are allocated with room to grow). */
    public BorshWriter padTo(int size) {
        if (len < size) {
            ensure(size - len);
            len = size;
        }
        return this;
    }

    public int length() {
        return len;
    }

    public byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    private BorshWriter le(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[len++] = (byte) v;
            v >>>= 8;
        }
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
