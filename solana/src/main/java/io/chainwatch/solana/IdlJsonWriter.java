package io.chainwatch.solana;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a decoded record's present fields as one JSON object: byte for byte the UTF-8 of what
 * Jackson's default {@code ObjectMapper} writes for {@link IdlRecord#fields()} (same names, order,
 * exact integers, base58 keys, string escapes), without building that map, its boxed numbers or its
 * base58 strings. The store keeps this text for every event; writing it through the map was more
 * than half of the feed thread's time (BENCHMARKS.md, issue 3). IdlJsonWriterTest checks the two
 * against each other on every record type.
 *
 * <p>Strings are escaped as Jackson escapes them: {@code "} and {@code \}, the control characters
 * with {@code \b \t \n \f \r} or a six-character {@code u00XX} escape; everything else goes through as UTF-8, a lone
 * surrogate as {@code ?} (what {@link String#getBytes} makes of Jackson's text). A decoded string
 * has no lone surrogates.
 *
 * <p>It keeps the base58 text of the last keys it wrote (512 slots by hash, 29 kB): mints, creators
 * and fee recipients come again and again, and a key found there costs a copy instead of a base58
 * encoding (about 100 ns).
 *
 * <p>Owned by one thread at a time: it reuses its buffer and that cache from one record to the next.
 */
public final class IdlJsonWriter implements IdlFieldSink {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** For each ASCII character: 0 to write it as it is, else the letter of its short escape, or 'u' for the six-character {@code u00XX} one. */
    private static final byte[] ESCAPES = new byte[128];
    private static final long EIGHT_DIGITS = 100_000_000L;
    /** "00" to "99". */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** Keys cached, a power of two: 512 take 29 kB. */
    private static final int KEY_CACHE = 512;
    /** Names cached, a power of two: the IDLs have about 150. */
    private static final int NAME_CACHE = 256;
    /** Characters for which {@link #string} makes room per character: the six characters of a {@code u00XX} escape. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    static {
        Arrays.fill(ESCAPES, 0, 32, (byte) 'u');
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf = new byte[1024];
    private int len;
    /** Fields still to keep in the object being written. */
    private int left;
    /** True until the object being written has its first field. */
    private boolean first;
    /**
     * Keys met lately, by a hash of their words (four words a slot), with their base58 text: an
     * event's mint, creator and fee recipient are mostly keys the events before it named.
     */
    private final long[] keys = new long[4 * KEY_CACHE];
    private final byte[] keyText = new byte[KEY_CACHE * Base58.MAX_KEY_CHARS];
    /** Characters of each slot's text; 0 for an empty slot. */
    private final byte[] keyLength = new byte[KEY_CACHE];
    /** Field names by their hash, and {@code "name":} of each. */
    private final String[] names = new String[NAME_CACHE];
    private final byte[][] nameText = new byte[NAME_CACHE][];

    /** The record's present fields as a JSON object, in UTF-8. */
    public byte[] utf8(IdlRecord record) {
        write(record);
        return Arrays.copyOf(buf, len);
    }

    /** The record's present fields as a JSON object. */
    public String json(IdlRecord record) {
        write(record);
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void write(IdlRecord record) {
        len = 0;
        ensure(1);
        buf[len++] = '{';
        first = true;
        left = record.fieldsPresent();
        record.putFields(this);
        ensure(1);
        buf[len++] = '}';
    }

    @Override
    public IdlJsonWriter u64(String name, long unsigned) {
        if (name(name)) {
            unsigned(unsigned);
        }
        return this;
    }

    @Override
    public IdlJsonWriter i64(String name, long value) {
        if (name(name)) {
            signed(value);
        }
        return this;
    }

    @Override
    public IdlJsonWriter u8(String name, int value) {
        return i64(name, value);
    }

    @Override
    public IdlJsonWriter u16(String name, int value) {
        return i64(name, value);
    }

    @Override
    public IdlJsonWriter i128(String name, Int128 value) {
        if (name(name)) {
            if (value.fitsLong()) {
                signed(value.lo());
            } else {
                ascii(value.toBigInteger());
            }
        }
        return this;
    }

    @Override
    public IdlJsonWriter bool(String name, boolean value) {
        if (name(name)) {
            ensure(5);
            if (value) {
                buf[len++] = 't';
                buf[len++] = 'r';
                buf[len++] = 'u';
            } else {
                buf[len++] = 'f';
                buf[len++] = 'a';
                buf[len++] = 'l';
                buf[len++] = 's';
            }
            buf[len++] = 'e';
        }
        return this;
    }

    @Override
    public IdlJsonWriter string(String name, String value) {
        if (name(name)) {
            string(value);
        }
        return this;
    }

    @Override
    public IdlJsonWriter pubkey(String name, PublicKey key) {
        if (name(name)) {
            key(key);
        }
        return this;
    }

    @Override
    public IdlJsonWriter pubkeys(String name, List<PublicKey> keys) {
        if (name(name)) {
            ensure(1);
            buf[len++] = '[';
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    ensure(1);
                    buf[len++] = ',';
                }
                key(keys.get(i));
            }
            ensure(1);
            buf[len++] = ']';
        }
        return this;
    }

    @Override
    public IdlJsonWriter structs(String name, List<? extends IdlStruct> values) {
        if (!name(name)) {
            return this;
        }
        int outerLeft = left;
        ensure(1);
        buf[len++] = '[';
        for (int i = 0; i < values.size(); i++) {
            ensure(2);
            if (i > 0) {
                buf[len++] = ',';
            }
            buf[len++] = '{';
            first = true;
            left = Integer.MAX_VALUE;
            values.get(i).putFields(this);
            ensure(1);
            buf[len++] = '}';
        }
        ensure(1);
        buf[len++] = ']';
        left = outerLeft;
        first = false;
        return this;
    }

    /** Writes {@code "name":} when the field is one to keep; false, and nothing written, when it is not. */
    private boolean name(String name) {
        if (left <= 0) {
            return false;
        }
        left--;
        // Names are the records' constants: each is escaped once, then copied from the cache.
        int slot = name.hashCode() & (NAME_CACHE - 1);
        byte[] text = nameText[slot];
        if (names[slot] != name) {
            text = nameText(name);
            names[slot] = name;
            nameText[slot] = text;
        }
        ensure(text.length + 1);
        if (!first) {
            buf[len++] = ',';
        }
        first = false;
        System.arraycopy(text, 0, buf, len, text.length);
        len += text.length;
        return true;
    }

    /** {@code "name":} in UTF-8, escaped. */
    private byte[] nameText(String name) {
        int start = len;
        string(name);
        ensure(1);
        buf[len++] = ':';
        byte[] text = Arrays.copyOfRange(buf, start, len);
        len = start;
        return text;
    }

    private void key(PublicKey key) {
        ensure(Base58.MAX_KEY_CHARS + 2);
        buf[len++] = '"';
        long w0 = key.w0();
        long w1 = key.w1();
        long w2 = key.w2();
        long w3 = key.w3();
        long h = w0 ^ w1 ^ w2 ^ w3;
        int slot = (int) (h ^ h >>> 32) & (KEY_CACHE - 1);
        int k = 4 * slot;
        int at = slot * Base58.MAX_KEY_CHARS;
        int n = keyLength[slot];
        if (n != 0 && keys[k] == w0 && keys[k + 1] == w1 && keys[k + 2] == w2 && keys[k + 3] == w3) {
            System.arraycopy(keyText, at, buf, len, n);
            len += n;
        } else {
            int start = len;
            len = Base58.encodeKey(w0, w1, w2, w3, buf, len);
            keys[k] = w0;
            keys[k + 1] = w1;
            keys[k + 2] = w2;
            keys[k + 3] = w3;
            keyLength[slot] = (byte) (len - start);
            System.arraycopy(buf, start, keyText, at, len - start);
        }
        buf[len++] = '"';
    }

    private void string(String s) {
        int n = s.length();
        ensure(2 + MAX_BYTES_PER_CHAR * n);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    buf[len++] = (byte) c;
                } else {
                    escape(c, escape);
                }
            } else {
                i = utf8(s, i, c);
            }
        }
        buf[len++] = '"';
    }

    private void escape(char c, byte escape) {
        buf[len++] = '\\';
        buf[len++] = escape;
        if (escape == 'u') {
            buf[len++] = '0';
            buf[len++] = '0';
            buf[len++] = HEX[c >> 4];
            buf[len++] = HEX[c & 0xF];
        }
    }

    /** Writes the non-ASCII character {@code c} at {@code i} (two chars for a surrogate pair); returns the index of its last char. */
    private int utf8(String s, int i, char c) {
        if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | c >> 6);
            buf[len++] = (byte) (0x80 | c & 0x3F);
            return i;
        }
        if (!Character.isSurrogate(c)) {
            buf[len++] = (byte) (0xE0 | c >> 12);
            buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | c & 0x3F);
            return i;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
            return i + 1;
        }
        buf[len++] = '?';
        return i;
    }

    private void signed(long v) {
        if (v >= 0) {
            digits(v);
        } else if (v == Long.MIN_VALUE) {
            ascii(BigInteger.valueOf(v));
        } else {
            ensure(1);
            buf[len++] = '-';
            digits(-v);
        }
    }

    private void unsigned(long v) {
        if (v >= 0) {
            digits(v);
            return;
        }
        // Above Long.MAX_VALUE: all digits but the last fit a long.
        long tens = (v >>> 1) / 5;
        digits(tens);
        ensure(1);
        buf[len++] = (byte) ('0' + (v - tens * 10));
    }

    /** The decimal digits of {@code v} >= 0: eight at a time in int arithmetic, two per step. */
    private void digits(long v) {
        ensure(19);
        if (v < EIGHT_DIGITS) {
            digits((int) v);
            return;
        }
        long high = v / EIGHT_DIGITS;
        if (high < EIGHT_DIGITS) {
            digits((int) high);
        } else {
            digits((int) (high / EIGHT_DIGITS));
            eightDigits((int) (high % EIGHT_DIGITS));
        }
        eightDigits((int) (v % EIGHT_DIGITS));
    }

    /** The decimal digits of {@code v}, 0 to 99,999,999. */
    private void digits(int v) {
        int n = 1;
        for (int bound = 10; n < 8 && v >= bound; bound *= 10) {
            n++;
        }
        int at = len + n;
        len = at;
        while (v >= 100) {
            int pair = v % 100;
            v /= 100;
            buf[--at] = DIGIT_PAIRS[2 * pair + 1];
            buf[--at] = DIGIT_PAIRS[2 * pair];
        }
        if (v >= 10) {
            buf[--at] = DIGIT_PAIRS[2 * v + 1];
            buf[--at] = DIGIT_PAIRS[2 * v];
        } else {
            buf[--at] = (byte) ('0' + v);
        }
    }

    /** Exactly eight digits of {@code v}, 0 to 99,999,999, leading zeros included. */
    private void eightDigits(int v) {
        for (int at = len + 6; at >= len; at -= 2) {
            int pair = v % 100;
            v /= 100;
            buf[at] = DIGIT_PAIRS[2 * pair];
            buf[at + 1] = DIGIT_PAIRS[2 * pair + 1];
        }
        len += 8;
    }

    private void ascii(BigInteger v) {
        byte[] text = v.toString().getBytes(StandardCharsets.US_ASCII);
        ensure(text.length);
        System.arraycopy(text, 0, buf, len, text.length);
        len += text.length;
    }

    private void ensure(int bytes) {
        if (len + bytes > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, len + bytes));
        }
    }
}
