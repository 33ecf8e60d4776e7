package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable ASCII buffer for JSON on the notification hot path: hex goes in two digits per byte
 * from a table, and the result becomes a Latin-1 String with one copy. About four times cheaper
 * than appending hex digits to a StringBuilder one char at a time.
 *
 * <p>Confined to the thread that made it; not thread-safe.
 */
final class AsciiJson {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Two hex digits for each byte value, high digit in the upper 8 bits. */
    private static final short[] PAIRS = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            PAIRS[i] = (short) ((DIGITS[i >>> 4] << 8) | DIGITS[i & 0xF]);
        }
    }

    private static final byte[] PREFIX = ascii("0x");

    private byte[] buf;
    private int len;

    AsciiJson(int capacity) {
        buf = new byte[capacity];
    }

    /** Appends pre-encoded ASCII, such as a constant from {@link #ascii}. */
    AsciiJson raw(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, buf, len, ascii.length);
        len += ascii.length;
        return this;
    }

    /** Appends a String that holds only ASCII (a logs bloom, a literal). */
    AsciiJson raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Sixteen hex digits of {@code v}. */
    AsciiJson word(long v) {
        ensure(16);
        for (int shift = 56; shift >= 0; shift -= 8) {
            short p = PAIRS[(int) (v >>> shift) & 0xFF];
            buf[len++] = (byte) (p >>> 8);
            buf[len++] = (byte) p;
        }
        return this;
    }

    AsciiJson hash(Hash32 h) {
        raw(PREFIX).word(h.w0()).word(h.w1()).word(h.w2()).word(h.w3());
        return this;
    }

    AsciiJson address(Address a) {
        raw(PREFIX);
        ensure(8);
        int hi = a.hi();
        for (int shift = 24; shift >= 0; shift -= 8) {
            short p = PAIRS[(hi >>> shift) & 0xFF];
            buf[len++] = (byte) (p >>> 8);
            buf[len++] = (byte) p;
        }
        return word(a.mid()).word(a.lo());
    }

    /** {@code 0x} and the digits of an unsigned quantity without leading zeros. */
    AsciiJson quantity(long v) {
        raw(PREFIX);
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) / 4;
        ensure(digits);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            buf[len++] = DIGITS[(int) (v >>> shift) & 0xF];
        }
        return this;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
