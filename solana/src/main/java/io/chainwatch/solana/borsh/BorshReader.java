package io.chainwatch.solana.borsh;

import io.chainwatch.solana.Int128;
import io.chainwatch.solana.PublicKey;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Reads borsh (little-endian, u32-length-prefixed strings and vectors) from a byte array, one field
 * per call, without throwing: running out of bytes or meeting an impossible value is a state of the
 * reader, checked once at the end with {@link #ok()}.
 *
 * <p>After {@link #tolerateEnd()}, running out of bytes is not an error but the end of the record:
 * layouts grow by appending fields, so older data simply stops. A field that does not fit whole,
 * and every field after it, then reads as its default (0, false, "", {@link PublicKey#ZERO}, an
 * empty list) and is not counted in {@link #fieldsRead()}. Before it, the same is a truncation.
 * After a failure or the end, every read returns the default and moves nothing.
 *
 * <p>Owned by the thread that made it; not thread-safe. Cheap enough to make one per record.
 */
public final class BorshReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private enum State { READING, ENDED, TRUNCATED, INVALID }

    private final byte[] data;
    private final int start;
    private final int limit;
    private int pos;
    private int fields;
    private boolean tolerateEnd;
    private State state = State.READING;
    private int failedAt;
    private long failedNeed;
    private String failedWhat;

    /**
     * Reads {@code length} bytes of {@code data} from {@code offset}. A range outside the array is
     * read as empty, and reported as truncated by the first read.
     */
    public BorshReader(byte[] data, int offset, int length) {
        boolean inside = offset >= 0 && length >= 0 && offset <= data.length - length;
        this.data = data;
        this.start = inside ? offset : 0;
        this.limit = inside ? offset + length : 0;
        this.pos = this.start;
    }

    public static BorshReader of(byte[] data) {
        return new BorshReader(data, 0, data.length);
    }

    /** From here on, running out of bytes ends the record instead of failing it. */
    public BorshReader tolerateEnd() {
        tolerateEnd = true;
        return this;
    }

    /** No truncation and no invalid value so far (an end after {@link #tolerateEnd()} is fine). */
    public boolean ok() {
        return state == State.READING || state == State.ENDED;
    }

    /** The record stopped before a field, after {@link #tolerateEnd()}. */
    public boolean ended() {
        return state == State.ENDED;
    }

    /** How many fields were read whole; a vector, a fixed array, an option or a string counts as one. */
    public int fieldsRead() {
        return fields;
    }

    /** Bytes read so far. */
    public int position() {
        return pos - start;
    }

    public int remaining() {
        return limit - pos;
    }

    /** Why the reader failed, or null while {@link #ok()}. */
    public String failure() {
        return switch (state) {
            case READING, ENDED -> null;
            case TRUNCATED -> "truncated: " + failedWhat + " at byte " + failedAt + " needs " + failedNeed + " bytes, "
                    + (limit - start - failedAt) + " left";
            case INVALID -> "invalid " + failedWhat + " at byte " + failedAt;
        };
    }

    public int u8() {
        int at = take(1, "u8");
        return at < 0 ? 0 : data[at] & 0xFF;
    }

    public int u16() {
        int at = take(2, "u16");
        return at < 0 ? 0 : (short) SHORTS.get(data, at) & 0xFFFF;
    }

    public long u32() {
        int at = take(4, "u32");
        return at < 0 ? 0 : (int) INTS.get(data, at) & 0xFFFF_FFFFL;
    }

    /** An unsigned 64-bit value in a long's bits: compare with {@link Long#compareUnsigned}, print with {@link Long#toUnsignedString}. */
    public long u64() {
        int at = take(8, "u64");
        return at < 0 ? 0 : (long) LONGS.get(data, at);
    }

    public long i64() {
        int at = take(8, "i64");
        return at < 0 ? 0 : (long) LONGS.get(data, at);
    }

    public Int128 i128() {
        int at = take(16, "i128");
        return at < 0 ? Int128.ZERO : new Int128((long) LONGS.get(data, at + 8), (long) LONGS.get(data, at));
    }

    public BigInteger u128() {
        int at = take(16, "u128");
        if (at < 0) {
            return BigInteger.ZERO;
        }
        byte[] bigEndian = new byte[17];
        for (int i = 0; i < 16; i++) {
            bigEndian[16 - i] = data[at + i];
        }
        return new BigInteger(bigEndian);
    }

    /** A u64 from {@link #u64()} as its exact unsigned value. */
    public static BigInteger unsigned(long u64) {
        BigInteger low = BigInteger.valueOf(u64 & Long.MAX_VALUE);
        return u64 < 0 ? low.setBit(63) : low;
    }

    /** Borsh bools are one byte, 0 or 1; any other value is invalid. */
    public boolean bool() {
        int at = take(1, "bool");
        if (at < 0) {
            return false;
        }
        byte b = data[at];
        if ((b & ~1) != 0) {
            invalid(at, "bool 0x" + Integer.toHexString(b & 0xFF));
            return false;
        }
        return b == 1;
    }

    public PublicKey pubkey() {
        int at = take(PublicKey.BYTES, "pubkey");
        return at < 0 ? PublicKey.ZERO : PublicKey.read(data, at);
    }

    /** A fixed array {@code [pubkey; n]}, one field; empty when absent. */
    public List<PublicKey> pubkeys(int n) {
        int at = take((long) n * PublicKey.BYTES, "pubkey array");
        if (at < 0) {
            return List.of();
        }
        PublicKey[] keys = new PublicKey[n];
        for (int i = 0; i < n; i++) {
            keys[i] = PublicKey.read(data, at + i * PublicKey.BYTES);
        }
        return List.of(keys);
    }

    /** Fixed bytes {@code [u8; n]}, one field; empty when absent. */
    public byte[] bytes(int n) {
        int at = take(n, "byte array");
        if (at < 0) {
            return new byte[0];
        }
        byte[] out = new byte[n];
        System.arraycopy(data, at, out, 0, n);
        return out;
    }

    /** Skips {@code n} bytes as one field (padding, or a field the caller does not want). */
    public void skip(int n) {
        take(n, "skip");
    }

    /** A string: u32 byte length, then UTF-8 (malformed sequences become U+FFFD, as Anchor's TypeScript coder reads them). */
    public String string() {
        int len = stringLength();
        if (len < 0) {
            return "";
        }
        int at = pos + 4;
        pos = at + len;
        fields++;
        return new String(data, at, len, StandardCharsets.UTF_8);
    }

    /**
     * A string that is usually one of {@code known} (ASCII constants): returns that constant when the
     * bytes match, so the common case allocates nothing.
     */
    public String string(String[] known) {
        int len = stringLength();
        if (len < 0) {
            return "";
        }
        int at = pos + 4;
        for (String k : known) {
            if (k.length() == len && asciiEquals(k, at)) {
                pos = at + len;
                fields++;
                return k;
            }
        }
        pos = at + len;
        fields++;
        return new String(data, at, len, StandardCharsets.UTF_8);
    }

    /**
     * A vector {@code Vec<T>}: u32 count, then {@code count} elements of {@code elementBytes} each,
     * read by {@code element} (which must read exactly that many). One field; empty when absent.
     */
    public <T> List<T> vec(int elementBytes, Function<BorshReader, T> element) {
        if (state != State.READING) {
            return List.of();
        }
        if (limit - pos < 4) {
            stop(4, "vec length");
            return List.of();
        }
        long count = (int) INTS.get(data, pos) & 0xFFFF_FFFFL;
        long need = 4 + count * elementBytes;
        if (need > limit - pos) {
            stop(need, "vec of " + count);
            return List.of();
        }
        if (count == 0) {
            pos += 4;
            fields++;
            return List.of();
        }
        pos += 4;
        int fieldsBefore = fields;
        int elementsStart = pos;
        List<T> out = new ArrayList<>((int) count);
        for (long i = 0; i < count && state == State.READING; i++) {
            out.add(element.apply(this));
        }
        if (state == State.READING && pos - elementsStart != count * elementBytes) {
            invalid(elementsStart, "vec element reader (read " + (pos - elementsStart) + " bytes for " + count + " elements of " + elementBytes + ")");
        }
        fields = fieldsBefore + 1;
        return Collections.unmodifiableList(out);
    }

    /** An {@code Option<T>}: a 0 or 1 tag, then the value when 1. One field; {@code absent} when 0 or when the record ended. */
    public <T> T option(Function<BorshReader, T> value, T absent) {
        int fieldsBefore = fields;
        int at = take(1, "option tag");
        if (at < 0) {
            return absent;
        }
        byte tag = data[at];
        if (tag == 0) {
            return absent;
        }
        if (tag != 1) {
            invalid(at, "option tag 0x" + Integer.toHexString(tag & 0xFF));
            return absent;
        }
        T v = value.apply(this);
        if (state != State.READING) {
            // The value did not fit: the whole option is absent, not half read.
            fields = fieldsBefore;
            return absent;
        }
        fields = fieldsBefore + 1;
        return v;
    }

    private int stringLength() {
        if (state != State.READING) {
            return -1;
        }
        if (limit - pos < 4) {
            stop(4, "string length");
            return -1;
        }
        long len = (int) INTS.get(data, pos) & 0xFFFF_FFFFL;
        if (len > limit - pos - 4) {
            stop(4 + len, "string of " + len + " bytes");
            return -1;
        }
        return (int) len;
    }

    private boolean asciiEquals(String k, int at) {
        for (int i = 0; i < k.length(); i++) {
            if (data[at + i] != k.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of {@code n} whole bytes, counted as one field, or -1 (defaults follow). */
    private int take(long n, String what) {
        if (state != State.READING) {
            return -1;
        }
        if (n > limit - pos) {
            stop(n, what);
            return -1;
        }
        int at = pos;
        pos += (int) n;
        fields++;
        return at;
    }

    private void stop(long need, String what) {
        if (tolerateEnd) {
            state = State.ENDED;
        } else {
            state = State.TRUNCATED;
            failedAt = pos - start;
            failedNeed = need;
            failedWhat = what;
        }
    }

    private void invalid(int at, String what) {
        state = State.INVALID;
        failedAt = at - start;
        failedWhat = what;
    }
}
