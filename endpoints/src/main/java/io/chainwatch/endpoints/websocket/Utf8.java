package io.chainwatch.endpoints.websocket;

import io.chainwatch.core.ByteWords;

/**
 * Strict UTF-8 validity (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) of a
 * byte range, without decoding it. ASCII, which nearly every JSON-RPC message is from end to end,
 * is passed eight bytes at a time; from the first byte that is not ASCII on, sequences are checked
 * one by one. Stateless.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** True when {@code bytes[offset, offset + length)} is well-formed UTF-8. */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i <= end - Long.BYTES && (ByteWords.word(bytes, i) & ByteWords.HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
        return sequencesValid(bytes, i, end);
    }

    private static boolean sequencesValid(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int trailing;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                trailing = 1;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                trailing = 2;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                trailing = 3;
                min = 0x1_0000;
            } else {
                return false; // a continuation byte first, C0/C1 (always overlong) or F5..FF
            }
            if (end - i <= trailing) {
                return false;
            }
            int code = lead & (0x3F >> trailing);
            for (int k = 1; k <= trailing; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                code = code << 6 | c & 0x3F;
            }
            if (code < min || code > 0x10_FFFF || code >= 0xD800 && code <= 0xDFFF) {
                return false;
            }
            i += trailing + 1;
        }
        return true;
    }
}
