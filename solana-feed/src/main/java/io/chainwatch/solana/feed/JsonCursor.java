package io.chainwatch.solana.feed;

import java.io.IOException;

/**
 * A cursor over one JSON text held in a String, for reading a known message shape in any field
 * order: objects and arrays are walked member by member, names matched in place against a list,
 * everything else skipped (and checked as it is skipped). Strings without escapes, which is nearly
 * all of them (a logsNotification's log lines), are found with {@link String#indexOf} and cut out
 * with {@link String#substring}; no char buffer, no token objects. It reads a few kilobytes of
 * notification several times faster than Jackson's streaming parser (BENCHMARKS.md, issue 3).
 *
 * <p>Strict where it matters: bad structure, literals, numbers and escapes are {@link IOException}s,
 * with the place. Not checked: raw control characters inside strings (no endpoint sends them), and
 * what follows the value read. Owned by one reading; not thread-safe.
 */
final class JsonCursor {
    private final String text;
    private int pos;
    /** The first backslash at or after {@link #pos} when it was last looked for, or the text's length. */
    private int backslash = -1;

    JsonCursor(String text) {
        this.text = text;
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

    /** Reads a member's name and its colon; returns its index in {@code names}, or -1 for any other name. */
    int name(String[] names) throws IOException {
        expect('"');
        int start = pos;
        int end = stringEnd();
        if (backslashBefore(end)) {
            String decoded = escapedString();
            expect(':');
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(decoded)) {
                    return i;
                }
            }
            return -1;
        }
        pos = end + 1;
        expect(':');
        int length = end - start;
        for (int i = 0; i < names.length; i++) {
            if (names[i].length() == length && text.startsWith(names[i], start)) {
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
        int end = stringEnd();
        if (backslashBefore(end)) {
            return escapedString();
        }
        String s = text.substring(pos, end);
        pos = end + 1;
        return s;
    }

    /** The integer that comes next, when it is one and fits a long; else {@code otherwise}, and the value skipped. */
    long longOr(long otherwise) throws IOException {
        char c = peek();
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return otherwise;
        }
        int start = pos;
        int end = numberEnd();
        pos = end;
        for (int i = start; i < end; i++) {
            char d = text.charAt(i);
            if (d == '.' || d == 'e' || d == 'E') {
                return otherwise;
            }
        }
        try {
            return Long.parseLong(text, start, end, 10);
        } catch (NumberFormatException tooLong) {
            return otherwise;
        }
    }

    /** A string's value, or a number's or literal's text; an object or array is skipped and reads as empty. */
    String scalarText() throws IOException {
        char c = peek();
        if (c == '"') {
            return stringOrNull();
        }
        if (c == '{' || c == '[') {
            skipValue();
            return "";
        }
        int start = pos;
        skipValue();
        return text.substring(start, pos);
    }

    /** Skips the value that comes next, checking it. */
    void skipValue() throws IOException {
        char c = peek();
        switch (c) {
            case '{' -> {
                if (openObject()) {
                    do {
                        expect('"');
                        skipString();
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
                skipString();
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
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
        return "'" + peek() + "' at " + pos;
    }

    private void skipString() throws IOException {
        int end = stringEnd();
        if (backslashBefore(end)) {
            escapedString();
        } else {
            pos = end + 1;
        }
    }

    /** The index of the first quote at or after {@link #pos}. */
    private int stringEnd() throws IOException {
        int end = text.indexOf('"', pos);
        if (end < 0) {
            throw new IOException("unterminated string from " + (pos - 1));
        }
        return end;
    }

    private boolean backslashBefore(int end) {
        if (backslash < pos) {
            int b = text.indexOf('\\', pos);
            backslash = b < 0 ? text.length() : b;
        }
        return backslash < end;
    }

    /** Decodes the string from {@link #pos} (after its opening quote) to its closing quote, escapes and all. */
    private String escapedString() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int end = stringEnd();
            int b = text.indexOf('\\', pos);
            if (b < 0 || b > end) {
                sb.append(text, pos, end);
                pos = end + 1;
                return sb.toString();
            }
            sb.append(text, pos, b);
            pos = b + 1;
            char e = at(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw new IOException("unterminated \\u escape at " + (pos - 2));
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(pos + i), 16);
                        if (digit < 0) {
                            throw new IOException("bad \\u escape at " + (pos - 2));
                        }
                        code = code << 4 | digit;
                    }
                    pos += 4;
                    sb.append((char) code);
                }
                default -> throw new IOException("bad escape '\\" + e + "' at " + (pos - 2));
            }
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
        if (i < text.length() && text.charAt(i) == '.') {
            i = digits(i + 1);
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
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
        int start = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            throw new IOException("expected a digit at " + i);
        }
        return i;
    }

    private void literal(String word) throws IOException {
        if (!text.startsWith(word, pos)) {
            throw error(word);
        }
        pos += word.length();
    }

    private boolean next(char close) throws IOException {
        char c = peek();
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

    /** The next character that is not whitespace; the cursor stays on it. */
    private char peek() throws IOException {
        while (true) {
            char c = at(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            pos++;
        }
    }

    private char at(int i) throws IOException {
        if (i >= text.length()) {
            throw new IOException("unexpected end of the text at " + i);
        }
        return text.charAt(i);
    }

    private IOException error(String expected) {
        return new IOException("expected " + expected + " at " + pos + ", got '" + text.charAt(pos) + "'");
    }
}
