package io.chainwatch.store.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.store.SolanaPubkey;
import io.chainwatch.store.SolanaSignature;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary {@code COPY ... FROM STDIN (FORMAT binary)} format, encoded straight
 * into a reusable byte buffer: no strings per field, also not for hashes or 256-bit decimals.
 * Binary spares the server the parsing of hex and decimal text, which costs it more than storing
 * the row does.
 *
 * <p>Field types must match the columns exactly: {@link #int8} for bigint, {@link #int4} for
 * integer, {@link #int2} for smallint, {@link #numeric} or {@link #numericUnsigned} for numeric, {@link #bytea} for bytea,
 * {@link #text} for text, {@link #bool} for boolean, {@link #timestamptz} for timestamptz,
 * {@link #json} for json.
 *
 * <p>Owned by one writer for the length of one COPY; not thread-safe.
 */
public final class CopyBinary {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final long HUNDRED_MILLION = 100_000_000L;
    private static final int FLUSH_BYTES = 1 << 16;
    /** 2000-01-01T00:00:00Z, where PostgreSQL's timestamps count from. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

    private final CopyIn copy;
    private byte[] buf = new byte[FLUSH_BYTES + 1024];
    private int len;
    private int fieldsLeft;
    private final int[] limbs = new int[8];
    /** Base-10000 digits of a numeric, least significant first. */
    private final short[] digits = new short[24];

    public CopyBinary(CopyIn copy) {
        this.copy = copy;
        System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
        len = HEADER.length;
    }

    /** UTF-8 of a text value, to pass to {@link #text}; encode once, write many times. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a row of {@code fields} fields. */
    public CopyBinary row(int fields) {
        if (fieldsLeft != 0) {
            throw new IllegalStateException("previous row is " + fieldsLeft + " field(s) short");
        }
        ensure(2);
        putShort(fields);
        fieldsLeft = fields;
        return this;
    }

    public CopyBinary text(byte[] utf8) {
        field(utf8.length);
        System.arraycopy(utf8, 0, buf, len, utf8.length);
        len += utf8.length;
        return this;
    }

    public CopyBinary nul() {
        if (fieldsLeft-- <= 0) {
            throw new IllegalStateException("more fields than the row was started with");
        }
        ensure(4);
        putInt(-1);
        return this;
    }

    public CopyBinary int8(long v) {
        field(8);
        putLong(v);
        return this;
    }

    public CopyBinary int4(int v) {
        field(4);
        putInt(v);
        return this;
    }

    public CopyBinary int2(short v) {
        field(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public CopyBinary bytea(Hash32 h) {
        field(32);
        putLong(h.w0());
        putLong(h.w1());
        putLong(h.w2());
        putLong(h.w3());
        return this;
    }

    /** An address, or null. */
    public CopyBinary bytea(Address a) {
        if (a == null) {
            return nul();
        }
        field(20);
        putInt(a.hi());
        putLong(a.mid());
        putLong(a.lo());
        return this;
    }

    /**
     * An unsigned 256-bit value as an exact numeric: base-10000 digits, most significant first,
     * with {@code weight} the power of 10000 of the first and trailing zero digits left out.
     */
    public CopyBinary numeric(U256 v) {
        return numericOfDigits(base10000(v));
    }

    /** An unsigned 64-bit value (a u64 held in a long) as an exact numeric. */
    public CopyBinary numericUnsigned(long v) {
        int n = 0;
        if (v < 0) {
            // Above Long.MAX_VALUE: one unsigned division brings the rest into signed range.
            digits[n++] = (short) Long.remainderUnsigned(v, 10_000);
            v = Long.divideUnsigned(v, 10_000);
        }
        for (long x = v; x != 0; x /= 10_000) {
            digits[n++] = (short) (x % 10_000);
        }
        return numericOfDigits(n);
    }

    /** Writes the numeric whose {@code n} base-10000 digits are in {@link #digits}. */
    private CopyBinary numericOfDigits(int n) {
        int low = 0;
        while (low < n && digits[low] == 0) {
            low++;
        }
        int ndigits = n - low;
        field(8 + 2 * ndigits);
        putShort(ndigits);
        putShort(n == 0 ? 0 : n - 1); // weight; zero is canonically weight 0
        putShort(0); // sign: positive
        putShort(0); // display scale: an integer
        for (int i = n - 1; i >= low; i--) {
            putShort(digits[i]);
        }
        return this;
    }

    public CopyBinary bool(boolean v) {
        field(1);
        buf[len++] = (byte) (v ? 1 : 0);
        return this;
    }

    /** A timestamptz, or null; stored to the microsecond (the rest is cut off). */
    public CopyBinary timestamptz(Instant t) {
        if (t == null) {
            return nul();
        }
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(t.getEpochSecond() - POSTGRES_EPOCH_SECOND, 1_000_000L), t.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp " + t + " is out of PostgreSQL's range", e);
        }
        field(8);
        putLong(micros);
        return this;
    }

    /** A Solana public key, or null. */
    public CopyBinary bytea(SolanaPubkey k) {
        if (k == null) {
            return nul();
        }
        field(SolanaPubkey.BYTES);
        putLong(k.w0());
        putLong(k.w1());
        putLong(k.w2());
        putLong(k.w3());
        return this;
    }

    /** A Solana signature, or null. */
    public CopyBinary bytea(SolanaSignature s) {
        if (s == null) {
            return nul();
        }
        field(SolanaSignature.BYTES);
        putLong(s.w0());
        putLong(s.w1());
        putLong(s.w2());
        putLong(s.w3());
        putLong(s.w4());
        putLong(s.w5());
        putLong(s.w6());
        putLong(s.w7());
        return this;
    }

    /** Bytes as they are, or null. */
    public CopyBinary bytea(byte[] b) {
        if (b == null) {
            return nul();
        }
        field(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** Ends the row; sends the buffer when it is full enough. */
    public void endRow() throws SQLException {
        if (fieldsLeft != 0) {
            throw new IllegalStateException("row is " + fieldsLeft + " field(s) short");
        }
        if (len >= FLUSH_BYTES) {
            copy.writeToCopy(buf, 0, len);
            len = 0;
        }
    }

    /** Writes the trailer, sends the rest and ends the COPY; returns the rows PostgreSQL took. */
    public long finish() throws SQLException {
        ensure(2);
        putShort(-1);
        copy.writeToCopy(buf, 0, len);
        len = 0;
        return copy.endCopy();
    }

    /** Fills {@link #digits} with the base-10000 digits of {@code v}; returns how many (0 for zero). */
    private int base10000(U256 v) {
        if ((v.w0() | v.w1() | v.w2()) == 0 && v.w3() >= 0) {
            int n = 0;
            for (long x = v.w3(); x != 0; x /= 10_000) {
                digits[n++] = (short) (x % 10_000);
            }
            return n;
        }
        limbs[0] = (int) (v.w0() >>> 32);
        limbs[1] = (int) v.w0();
        limbs[2] = (int) (v.w1() >>> 32);
        limbs[3] = (int) v.w1();
        limbs[4] = (int) (v.w2() >>> 32);
        limbs[5] = (int) v.w2();
        limbs[6] = (int) (v.w3() >>> 32);
        limbs[7] = (int) v.w3();
        int top = 0;
        int n = 0;
        while (top < 8) {
            // Long division of the 32-bit limbs by 10^8: remainder < 2^27, so rem << 32 fits a long.
            long rem = 0;
            for (int i = top; i < 8; i++) {
                long cur = (rem << 32) | (limbs[i] & 0xFFFFFFFFL);
                limbs[i] = (int) (cur / HUNDRED_MILLION);
                rem = cur % HUNDRED_MILLION;
            }
            while (top < 8 && limbs[top] == 0) {
                top++;
            }
            digits[n++] = (short) (rem % 10_000);
            digits[n++] = (short) (rem / 10_000);
        }
        while (n > 0 && digits[n - 1] == 0) {
            n--;
        }
        return n;
    }

    private void field(int bytes) {
        if (fieldsLeft-- <= 0) {
            throw new IllegalStateException("more fields than the row was started with");
        }
        ensure(4 + bytes);
        putInt(bytes);
    }

    private void ensure(int bytes) {
        if (len + bytes > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + bytes));
        }
    }

    private void putShort(int v) {
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putInt(int v) {
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
