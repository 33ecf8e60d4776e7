package io.chainwatch.sim.internal;

/** Writes JSON strings into a StringBuilder, escaped as JSON requires. Stateless. */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
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
        return sb.append(s, clean, n).append('"');
    }
}
