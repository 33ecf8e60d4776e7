package io.chainwatch.solana.feed;

import io.chainwatch.core.ByteWords;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one JSON text held as UTF-8 bytes, for reading a known message shape in any field
 * order: objects and arrays are walked member by member, names matched in place against a list,
 * everything else skipped (and checked as it is skipped). A string without escapes, which is nearly
 * every one (a logsNotification's log lines), is read as a view into the bytes
 * ({@link #stringView}), found by looking at eight bytes at a time for the closing quote or a
 * backslash; one with escapes is decoded, as UTF-8, into a side buffer of the cursor's own. No char
 * buffer, no token objects, no String but those asked for.
 *
 * <p>Strict where it matters: bad structure, literals, numbers and escapes are {@link IOException}s,
 * with the place (a byte offset in the text). Not checked: raw control characters inside strings (no
 * endpoint sends them), UTF-8 validity (the WebSocket checked it), and what follows the value read. A
 * lone surrogate escape decodes as U+FFFD, as UTF-8 cannot hold it. Owned by one reading; not
 * thread-safe.
 */
final class JsonCursor {
    private static final long QUOTES = ByteWords.repeated('"');
    private static final long BACKSLASHES = ByteWords.repeated('\\');
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] NO_BYTES = {};

    private final byte[] bytes;
    private final int start;
    private final int end;
    private int pos;
    /** Escaped strings, decoded; a view into it stays good when it grows, as growing makes a new array. */
    private byte[] side = NO_BYTES;
    private int sideLength;
    // The string last read by stringView.
    private byte[] viewArray;
    private int viewOffset;
    private int viewLength;

    JsonCursor(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** Enters the object that comes next; true when a member follows, false (and the object read) when it is empty. */
    boolean openObject() throws IOException {
        expect('{');
        return !closes('}');
    }

    /** Enters the array that comes next; true when an element follows, false (and the array read) when it is empty. */
    boolean openArray() throws IOException {
        expect('[');
        return !closes(']');
    }

    /** After a member's value: true when another member follows, false when the object ends here. */
    boolean nextMember() throws IOException {
        return next('}');
    }

    /** After an element: true when another element follows, false when the array ends here. */
    boolean nextElement() throws IOException {
        return next(']');
    }

    /** Reads a member's name and its colon; returns its index in {@code names} (ASCII), or -1 for any other name. */
    int name(byte[][] names) throws IOException {
        expect('"');
        readString();
        expect(':');
        for (int i = 0; i < names.length; i++) {
            if (Arrays.equals(viewArray, viewOffset, viewOffset + viewLength, names[i], 0, names[i].length)) {
                return i;
            }
        }
        return -1;
    }

    boolean isObject() throws IOException {
        return peek() == '{';
    }

    boolean isString() throws IOException {
        return peek() == '"';
    }

    boolean isNull() throws IOException {
        return peek() == 'n';
    }

    /** The string that comes next; null, and the value skipped, when it is something else. */
    String stringOrNull() throws IOException {
        if (peek() != '"') {
            skipValue();
            return null;
        }
        pos++;
        readString();
        return new String(viewArray, viewOffset, viewLength, StandardCharsets.UTF_8);
    }

    /**
     * Reads the string that comes next (the caller checked that it is one) as a view: its UTF-8 bytes
     * are {@link #viewArray()}{@code [}{@link #viewOffset()}, {@code +} {@link #viewLength()}{@code )},
     * in the text itself or, when it has escapes, in the side buffer.
     */
    void stringView() throws IOException {
        expect('"');
        readString();
    }

    byte[] viewArray() {
        return viewArray;
    }

    int viewOffset() {
        return viewOffset;
    }

    int viewLength() {
        return viewLength;
    }

    /** The integer that comes next, when it is one and fits a long; else {@code otherwise}, and the value skipped. */
    long longOr(long otherwise) throws IOException {
        int c = peek();
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return otherwise;
        }
        int from = pos;
        int to = numberEnd();
        pos = to;
        boolean negative = bytes[from] == '-';
        // Summed as a negative number, which reaches one further than a positive one.
        long value = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                return otherwise; // a fraction, an exponent, or too large
            }
            value = value * 10 - d;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? otherwise : -value;
    }

    /** A string's value, or a number's or literal's text; an object or array is skipped and reads as empty. */
    String scalarText() throws IOException {
        int c = peek();
        if (c == '"') {
            return stringOrNull();
        }
        if (c == '{' || c == '[') {
            skipValue();
            return "";
        }
        int from = pos;
        skipValue();
        return new String(bytes, from, pos - from, StandardCharsets.US_ASCII);
    }

    /** Skips the value that comes next, checking it. */
    void skipValue() throws IOException {
        int c = peek();
        switch (c) {
            case '{' -> {
                if (openObject()) {
                    do {
                        expect('"');
                        readString();
                        expect(':');
                        skipValue();
                    } while (nextMember());
                }
            }
            case '[' -> {
                if (openArray()) {
                    do {
                        skipValue();
                    } while (nextElement());
                }
            }
            case '"' -> {
                pos++;
                readString();
            }
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    throw error("a value");
                }
                pos = numberEnd();
            }
        }
    }

    /** What comes next, for a message. */
    String describeNext() throws IOException {
        return "'" + (char) peek() + "' at " + (pos - start);
    }

    /** Reads the string from {@link #pos} (after its opening quote) past its closing quote, and sets the view on it. */
    private void readString() throws IOException {
        int stop = quoteOrBackslash(pos);
        if (bytes[stop] == '"') {
            viewArray = bytes;
            viewOffset = pos;
            viewLength = stop - pos;
            pos = stop + 1;
        } else {
            escapedString(stop);
        }
    }

    /** The first quote or backslash at or after {@code from}, found eight bytes at a time. */
    private int quoteOrBackslash(int from) throws IOException {
        int i = from;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            long word = ByteWords.word(bytes, i);
            long hits = ByteWords.marks(word, QUOTES) | ByteWords.marks(word, BACKSLASHES);
            if (hits != 0) {
                return i + ByteWords.firstMarked(hits);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == '"' || bytes[i] == '\\') {
                return i;
            }
        }
        throw new IOException("unterminated string from " + (from - 1 - start));
    }

    /** Decodes the string from {@link #pos}, whose first backslash is at {@code backslash}, into the side buffer, escapes and all. */
    private void escapedString(int backslash) throws IOException {
        int from = sideLength;
        int stop = backslash;
        while (true) {
            append(bytes, pos, stop - pos);
            pos = stop + 1;
            if (bytes[stop] == '"') {
                break;
            }
            escape();
            stop = quoteOrBackslash(pos);
        }
        viewArray = side;
        viewOffset = from;
        viewLength = sideLength - from;
    }

    /** Decodes the escape after a backslash at {@link #pos} - 1. */
    private void escape() throws IOException {
        int e = at(pos++);
        switch (e) {
            case '"', '\\', '/' -> appendByte(e);
            case 'b' -> appendByte('\b');
            case 'f' -> appendByte('\f');
            case 'n' -> appendByte('\n');
            case 'r' -> appendByte('\r');
            case 't' -> appendByte('\t');
            case 'u' -> appendCodePoint(unicodeEscape());
            default -> throw new IOException("bad escape '\\" + (char) e + "' at " + (pos - 2 - start));
        }
    }

    /** The code point of a {@code \\uXXXX} escape (its 'u' read), and of the low half that follows a high surrogate. */
    private int unicodeEscape() throws IOException {
        int unit = hex4();
        if (Character.isHighSurrogate((char) unit) && pos + 6 <= end && bytes[pos] == '\\' && bytes[pos + 1] == 'u') {
            int mark = pos;
            pos += 2;
            int low = hex4();
            if (Character.isLowSurrogate((char) low)) {
                return Character.toCodePoint((char) unit, (char) low);
            }
            pos = mark; // not a pair: the second escape is read on its own
        }
        return Character.isSurrogate((char) unit) ? 0xFFFD : unit;
    }

    private int hex4() throws IOException {
        if (pos + 4 > end) {
            throw new IOException("unterminated \\u escape at " + (pos - 2 - start));
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(bytes[pos + i], 16);
            if (digit < 0) {
                throw new IOException("bad \\u escape at " + (pos - 2 - start));
            }
            code = code << 4 | digit;
        }
        pos += 4;
        return code;
    }

    private void appendCodePoint(int c) {
        if (c < 0x80) {
            appendByte(c);
        } else if (c < 0x800) {
            appendByte(0xC0 | c >>> 6);
            appendByte(0x80 | c & 0x3F);
        } else if (c < 0x1_0000) {
            appendByte(0xE0 | c >>> 12);
            appendByte(0x80 | c >>> 6 & 0x3F);
            appendByte(0x80 | c & 0x3F);
        } else {
            appendByte(0xF0 | c >>> 18);
            appendByte(0x80 | c >>> 12 & 0x3F);
            appendByte(0x80 | c >>> 6 & 0x3F);
            appendByte(0x80 | c & 0x3F);
        }
    }

    private void appendByte(int b) {
        room(1);
        side[sideLength++] = (byte) b;
    }

    private void append(byte[] from, int offset, int length) {
        room(length);
        System.arraycopy(from, offset, side, sideLength, length);
        sideLength += length;
    }

    private void room(int more) {
        if (sideLength + more > side.length) {
            side = Arrays.copyOf(side, Math.max(sideLength + more, Math.max(64, 2 * side.length)));
        }
    }

    /** The end of the number at {@link #pos}: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private int numberEnd() throws IOException {
        int i = pos;
        if (at(i) == '-') {
            i++;
        }
        if (at(i) == '0') {
            i++;
        } else {
            i = digits(i);
        }
        if (i < end && bytes[i] == '.') {
            i = digits(i + 1);
        }
        if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            if (at(i) == '+' || at(i) == '-') {
                i++;
            }
            i = digits(i);
        }
        return i;
    }

    /** The end of one or more digits from {@code i}. */
    private int digits(int i) throws IOException {
        int from = i;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
            i++;
        }
        if (i == from) {
            throw new IOException("expected a digit at " + (i - start));
        }
        return i;
    }

    private void literal(byte[] word) throws IOException {
        if (end - pos < word.length || !Arrays.equals(bytes, pos, pos + word.length, word, 0, word.length)) {
            throw error(new String(word, StandardCharsets.US_ASCII));
        }
        pos += word.length;
    }

    private boolean next(char close) throws IOException {
        int c = peek();
        pos++;
        if (c == ',') {
            return true;
        }
        if (c == close) {
            return false;
        }
        pos--;
        throw error("',' or '" + close + "'");
    }

    private boolean closes(char close) throws IOException {
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws IOException {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    /** The next byte that is not whitespace; the cursor stays on it. */
    private int peek() throws IOException {
        while (true) {
            int c = at(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            pos++;
        }
    }

    private int at(int i) throws IOException {
        if (i >= end) {
            throw new IOException("unexpected end of the text at " + (i - start));
        }
        return bytes[i];
    }

    private IOException error(String expected) {
        return new IOException("expected " + expected + " at " + (pos - start) + ", got '" + (char) (bytes[pos] & 0xFF) + "'");
    }
}
