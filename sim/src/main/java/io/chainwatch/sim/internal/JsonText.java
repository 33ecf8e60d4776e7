package io.chainwatch.sim.internal;

import java.util.ArrayList;
import java.util.List;

/** Writes JSON strings into a StringBuilder, escaped as JSON requires, and reads back arrays of them. Stateless. */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static StringBuilder string(StringBuilder sb, String s) {
        return escaped(sb.append('"'), s).append('"');
    }

    /** Appends {@code s} escaped as the inside of a JSON string, without the quotes. */
    public static StringBuilder escaped(StringBuilder sb, String s) {
        int n = s.length();
        int clean = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, clean, i);
            clean = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> sb.append("\\u00").append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.append(s, clean, n);
    }

    /**
     * The strings of a JSON array of strings as {@link #string} writes them (no whitespace between
     * elements; the escapes it writes, and the other short escapes of JSON).
     *
     * @throws IllegalArgumentException when {@code json} is not such an array
     */
    public static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        int i = expect(json, 0, '[');
        if (i < json.length() && json.charAt(i) == ']') {
            return out;
        }
        StringBuilder sb = new StringBuilder(128);
        while (true) {
            i = expect(json, i, '"');
            sb.setLength(0);
            i = unescape(json, i, sb);
            out.add(sb.toString());
            if (i < json.length() && json.charAt(i) == ',') {
                i++;
                continue;
            }
            expect(json, i, ']');
            return out;
        }
    }

    /** Reads a string's inside from {@code i} to its closing quote into {@code sb}; returns the index after the quote. */
    private static int unescape(String json, int i, StringBuilder sb) {
        int clean = i;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == '"') {
                sb.append(json, clean, i);
                return i + 1;
            }
            if (c != '\\') {
                i++;
                continue;
            }
            sb.append(json, clean, i);
            char e = i + 1 < json.length() ? json.charAt(i + 1) : 0;
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 6 > json.length()) {
                        throw malformed(json, i);
                    }
                    sb.append((char) Integer.parseInt(json, i + 2, i + 6, 16));
                    i += 4;
                }
                default -> throw malformed(json, i);
            }
            i += 2;
            clean = i;
        }
        throw malformed(json, i);
    }

    private static int expect(String json, int i, char c) {
        if (i >= json.length() || json.charAt(i) != c) {
            throw malformed(json, i);
        }
        return i + 1;
    }

    private static IllegalArgumentException malformed(String json, int at) {
        return new IllegalArgumentException("not a JSON array of strings at offset " + at + ": "
                + json.substring(0, Math.min(json.length(), 80)));
    }
}
