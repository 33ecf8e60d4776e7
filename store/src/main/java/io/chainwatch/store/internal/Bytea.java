package io.chainwatch.store.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;

import java.nio.ByteBuffer;

/** Hashes and addresses as the bytea values stored for them: 32 and 20 big-endian bytes. */
public final class Bytea {
    private Bytea() {
    }

    public static byte[] of(Hash32 h) {
        return ByteBuffer.allocate(32).putLong(h.w0()).putLong(h.w1()).putLong(h.w2()).putLong(h.w3()).array();
    }

    public static byte[] of(Address a) {
        return ByteBuffer.allocate(20).putInt(a.hi()).putLong(a.mid()).putLong(a.lo()).array();
    }

    public static Hash32 hash32(byte[] b) {
        require(b, 32, "hash");
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new Hash32(bb.getLong(), bb.getLong(), bb.getLong(), bb.getLong());
    }

    /** Null for a null column. */
    public static Address address(byte[] b) {
        if (b == null) {
            return null;
        }
        require(b, 20, "address");
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new Address(bb.getInt(), bb.getLong(), bb.getLong());
    }

    private static void require(byte[] b, int length, String what) {
        if (b == null || b.length != length) {
            throw new IllegalStateException("stored " + what + " should be " + length + " bytes, got "
                    + (b == null ? "null" : b.length + " bytes"));
        }
    }
}
