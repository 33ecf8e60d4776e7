package io.chainwatch.solana.feed;

import io.chainwatch.solana.LogLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What one message of Solana's pubsub WebSocket said, read in any field order: a
 * {@code slotNotification}, a {@code logsNotification}, an answer to a subscribe, or an error. Only
 * the fields {@link LogsStream} needs are kept; a field that is absent, or not an integer where one
 * is wanted, reads as -1 or null. Read from the message's UTF-8 bytes: the log lines are views into
 * them (a line with escapes, rare, into a side buffer), good only as long as the bytes are, which
 * for a WebSocket's buffer is the listener's call. Public so that benchmarks can drive the stream's
 * reading without a socket.
 *
 * @param method      {@code method}, e.g. {@code logsNotification}; null for an answer
 * @param error       the error's code and message, when the message is an error answer; else null
 * @param slot        a slotNotification's slot
 * @param parent      a slotNotification's parent slot
 * @param root        a slotNotification's root (finalized) slot
 * @param contextSlot a logsNotification's {@code context.slot}
 * @param signature   a logsNotification's transaction signature, base58
 * @param failed      true when the logsNotification's transaction failed ({@code err} is not null)
 * @param logs        a logsNotification's log lines as UTF-8 byte ranges; empty when they were null, null when absent
 */
public record PubsubMessage(String method, String error, long slot, long parent, long root, long contextSlot, String signature,
                            boolean failed, LogLines logs) {
    // Field names, at whatever depth: the reader knows each only by its index here.
    private static final byte[][] NAMES = names("method", "params", "error", "result", "slot", "parent", "root", "context", "value",
            "signature", "err", "logs", "code", "message");
    /** Room for the lines of a typical pump.fun transaction (49 for a buy) before the list grows. */
    private static final int EXPECTED_LINES = 64;
    private static final int METHOD = 0;
    private static final int PARAMS = 1;
    private static final int ERROR = 2;
    private static final int RESULT = 3;
    private static final int SLOT = 4;
    private static final int PARENT = 5;
    private static final int ROOT = 6;
    private static final int CONTEXT = 7;
    private static final int VALUE = 8;
    private static final int SIGNATURE = 9;
    private static final int ERR = 10;
    private static final int LOGS = 11;
    private static final int CODE = 12;
    private static final int MESSAGE = 13;

    /** Reads one message given as text: {@link #read(byte[], int, int)} of its UTF-8 bytes. */
    public static PubsubMessage read(String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return read(utf8, 0, utf8.length);
    }

    /**
     * Reads one message from its UTF-8 bytes {@code utf8[offset, offset + length)}; the log lines it
     * returns are views into them.
     *
     * @throws IOException when the text is not one JSON object (what follows its end is not read), or a
     *                     logsNotification's logs are not an array of strings
     */
    public static PubsubMessage read(byte[] utf8, int offset, int length) throws IOException {
        return read(utf8, offset, length, null);
    }

    /**
     * As {@link #read(byte[], int, int)}, with the log lines put in {@code lines} (cleared first)
     * instead of a new list: a reader that takes one message at a time, as a socket's thread does,
     * keeps one list for all of them. Its room for 64 lines was the largest allocation per notification.
     *
     * @param lines the list to fill, or null for a new one
     */
    public static PubsubMessage read(byte[] utf8, int offset, int length, LogLines lines) throws IOException {
        JsonCursor in = new JsonCursor(utf8, offset, length);
        Fields m = new Fields();
        m.reuse = lines;
        if (in.openObject()) {
            do {
                switch (in.name(NAMES)) {
                    case METHOD -> m.method = in.stringOrNull();
                    case PARAMS -> readParams(in, m);
                    case ERROR -> m.error = errorText(in);
                    default -> in.skipValue();
                }
            } while (in.nextMember());
        }
        return new PubsubMessage(m.method, m.error, m.slot, m.parent, m.root, m.contextSlot, m.signature, m.failed, m.logs);
    }

    /** The fields as they are read, in whatever order they come. */
    private static final class Fields {
        String method;
        String error;
        long slot = -1;
        long parent = -1;
        long root = -1;
        long contextSlot = -1;
        String signature;
        boolean failed;
        LogLines logs;
        /** The list to fill instead of a new one, or null. */
        LogLines reuse;
    }

    private static void readParams(JsonCursor in, Fields m) throws IOException {
        if (!in.isObject()) {
            in.skipValue();
            return;
        }
        if (in.openObject()) {
            do {
                if (in.name(NAMES) == RESULT && in.isObject()) {
                    readResult(in, m);
                } else {
                    in.skipValue();
                }
            } while (in.nextMember());
        }
    }

    private static void readResult(JsonCursor in, Fields m) throws IOException {
        if (in.openObject()) {
            do {
                switch (in.name(NAMES)) {
                    case SLOT -> m.slot = in.longOr(-1);
                    case PARENT -> m.parent = in.longOr(-1);
                    case ROOT -> m.root = in.longOr(-1);
                    case CONTEXT -> m.contextSlot = contextSlot(in);
                    case VALUE -> readLogsValue(in, m);
                    default -> in.skipValue();
                }
            } while (in.nextMember());
        }
    }

    private static long contextSlot(JsonCursor in) throws IOException {
        long slot = -1;
        if (!in.isObject()) {
            in.skipValue();
            return slot;
        }
        if (in.openObject()) {
            do {
                if (in.name(NAMES) == SLOT) {
                    slot = in.longOr(-1);
                } else {
                    in.skipValue();
                }
            } while (in.nextMember());
        }
        return slot;
    }

    private static void readLogsValue(JsonCursor in, Fields m) throws IOException {
        if (!in.isObject()) {
            in.skipValue();
            return;
        }
        if (in.openObject()) {
            do {
                switch (in.name(NAMES)) {
                    case SIGNATURE -> m.signature = in.stringOrNull();
                    case ERR -> {
                        m.failed = !in.isNull();
                        in.skipValue();
                    }
                    case LOGS -> m.logs = lines(in, m.reuse);
                    default -> in.skipValue();
                }
            } while (in.nextMember());
        }
    }

    private static LogLines lines(JsonCursor in, LogLines reuse) throws IOException {
        LogLines out = reuse != null ? reuse : new LogLines(EXPECTED_LINES);
        out.clear();
        if (in.isNull()) {
            in.skipValue();
            return out;
        }
        if (!in.openArray()) {
            return out;
        }
        do {
            if (!in.isString()) {
                throw new IOException("logs: expected strings, got " + in.describeNext());
            }
            in.stringView();
            out.add(in.viewArray(), in.viewOffset(), in.viewLength());
        } while (in.nextElement());
        return out;
    }

    /** An error object's code and message, space apart; null for null; any other error value as its text. */
    private static String errorText(JsonCursor in) throws IOException {
        if (in.isNull()) {
            in.skipValue();
            return null;
        }
        if (!in.isObject()) {
            return in.scalarText();
        }
        StringBuilder sb = new StringBuilder();
        if (in.openObject()) {
            do {
                int name = in.name(NAMES);
                if (name == CODE || name == MESSAGE) {
                    sb.append(sb.isEmpty() ? "" : " ").append(in.scalarText());
                } else {
                    in.skipValue();
                }
            } while (in.nextMember());
        }
        return sb.toString();
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
