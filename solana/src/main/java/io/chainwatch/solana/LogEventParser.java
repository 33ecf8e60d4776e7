package io.chainwatch.solana;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the events in a transaction's log messages and decodes those that the watched programs
 * emitted.
 *
 * <p>A {@code Program data: <base64>} line belongs to the program on top of the invoke stack, which
 * the {@code Program <id> invoke [n]} and {@code Program <id> success} / {@code failed} lines build.
 * Other programs emit events with the same names, and so the same discriminators, as ours: only
 * lines logged while a watched program is on top are its events. The depth in {@code invoke [n]} is
 * trusted over the count of lines, so a log that starts mid-stack or skips a line resynchronises.
 * After {@code Log truncated} the stack is unknown and parsing stops. A failed transaction's logs
 * still show the events it emitted before failing; callers drop them by the transaction's error.
 *
 * <p>No regular expressions. Base64 goes through the JDK's decoder, whose vectorised intrinsic is
 * several times faster than a table loop here, into one small array per line; the line's
 * {@link LogEvent} carries those bytes, so that nothing decodes the line again to compare or store
 * them. Immutable and thread-safe.
 */
public final class LogEventParser {
    private static final String PROGRAM = "Program ";
    private static final String DATA = "Program data: ";
    private static final String INVOKE = "invoke [";
    private static final String TRUNCATED = "Log truncated";
    private static final int OTHER = -1;
    /** Solana allows far fewer nested invocations; deeper claims are garbage and read as "not ours". */
    private static final int MAX_DEPTH = 64;
    private static final Base64.Decoder BASE64 = Base64.getDecoder();
    private static final byte[] NO_BYTES = {};

    private final EventDecoder[] decoders;
    private final String[] ids;

    /** @throws IllegalArgumentException when {@code decoders} is empty or names a program twice */
    public LogEventParser(List<EventDecoder> decoders) {
        if (decoders.isEmpty()) {
            throw new IllegalArgumentException("a log event parser needs at least one event decoder, got none");
        }
        Set<PublicKey> seen = new HashSet<>();
        for (EventDecoder d : decoders) {
            if (!seen.add(d.programId())) {
                throw new IllegalArgumentException("two event decoders for program " + d.programId());
            }
        }
        this.decoders = decoders.toArray(EventDecoder[]::new);
        this.ids = new String[this.decoders.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = this.decoders[i].programId().toBase58();
        }
    }

    /**
     * The watched programs' events in {@code logMessages}, in log order. Lines it cannot read are
     * skipped (structure lines) or returned as {@link DecodeResult.Malformed} (data lines of a
     * watched program); it throws nothing.
     */
    public List<LogEvent> parse(List<String> logMessages) {
        List<LogEvent> events = new ArrayList<>(4);
        int[] stack = new int[8];
        int depth = 0;
        int eventIndex = 0;
        int topLevelInvokes = 0;
        int innerInvokes = 0;
        for (int i = 0, n = logMessages.size(); i < n; i++) {
            String line = logMessages.get(i);
            if (line == null || !line.startsWith(PROGRAM)) {
                if (line != null && line.startsWith(TRUNCATED)) {
                    break;
                }
                continue;
            }
            int space = line.indexOf(' ', PROGRAM.length());
            if (space <= PROGRAM.length()) {
                continue;
            }
            boolean invoke = line.startsWith(INVOKE, space + 1);
            if (invoke) {
                // Counted by the text alone, whatever the stack makes of the line: LogEvent's contract.
                if (line.startsWith("1]", space + 1 + INVOKE.length())) {
                    topLevelInvokes++;
                    innerInvokes = 0;
                } else {
                    innerInvokes++;
                }
            }
            if (line.charAt(space - 1) == ':') {
                // "Program data:", "Program log:", "Program return:", ...: base58 ids have no ':'.
                if (depth > 0 && stack[depth - 1] != OTHER && line.startsWith(DATA)) {
                    events.add(dataLineEvent(decoders[stack[depth - 1]], eventIndex++, i, topLevelInvokes, innerInvokes, line));
                }
            } else if (invoke) {
                int claimed = invokeDepth(line, space + 1 + INVOKE.length());
                if (stack.length < MAX_DEPTH && Math.max(claimed, depth + 1) > stack.length) {
                    stack = Arrays.copyOf(stack, MAX_DEPTH);
                }
                // A depth that skips levels leaves the levels between as unknown programs.
                for (int d = depth; d < claimed - 1; d++) {
                    stack[d] = OTHER;
                }
                depth = claimed > 0 ? claimed : Math.min(depth + 1, MAX_DEPTH);
                stack[depth - 1] = claimed > 0 ? program(line, space) : OTHER;
            } else if (line.startsWith("success", space + 1) || line.startsWith("failed", space + 1)) {
                if (depth > 0) {
                    depth--;
                }
            }
        }
        return events;
    }

    /**
     * Decodes one {@code Program data: <base64>} line as an event of {@code decoder}'s program, with
     * no attribution: the caller knows whose line it is. Any other line is {@link DecodeResult.Unknown}.
     */
    public DecodeResult<ProgramEvent> decodeDataLine(EventDecoder decoder, String line) {
        if (line == null || !line.startsWith(DATA)) {
            return DecodeResult.unknown();
        }
        ByteBuffer bytes;
        try {
            bytes = base64(line, DATA.length());
        } catch (IllegalArgumentException e) {
            return notBase64(decoder, e);
        }
        return decoder.decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    }

    /** A data line's event: the bytes are decoded from base64 once, read by the decoder and kept with what it made of them. */
    private static LogEvent dataLineEvent(EventDecoder decoder, int eventIndex, int logIndex, int topLevelInvokes, int innerInvokes,
                                          String line) {
        byte[] data;
        try {
            data = exactArray(base64(line, DATA.length()));
        } catch (IllegalArgumentException e) {
            return new LogEvent(decoder.programId(), eventIndex, logIndex, topLevelInvokes, innerInvokes, notBase64(decoder, e), NO_BYTES);
        }
        return new LogEvent(decoder.programId(), eventIndex, logIndex, topLevelInvokes, innerInvokes, decoder.decode(data, 0, data.length),
                data);
    }

    /**
     * The bytes of the base64 slice of {@code line} from {@code from} to the next space or the end.
     * Anchor logs one slice per event; a line with several (sol_log_data of many slices) is read by its first.
     *
     * @throws IllegalArgumentException when the slice is not base64
     */
    private static ByteBuffer base64(String line, int from) {
        int end = line.indexOf(' ', from);
        if (end < 0) {
            end = line.length();
        }
        // ISO-8859-1 maps any character above U+00FF to '?', which base64 then rejects.
        byte[] text = line.getBytes(StandardCharsets.ISO_8859_1);
        return BASE64.decode(ByteBuffer.wrap(text, from, end - from));
    }

    /** The buffer's bytes as an array of their own length: the decoder's array itself when it sized it exactly, as it does for padded input. */
    private static byte[] exactArray(ByteBuffer bytes) {
        byte[] array = bytes.array();
        int start = bytes.arrayOffset() + bytes.position();
        return start == 0 && bytes.remaining() == array.length ? array : Arrays.copyOfRange(array, start, start + bytes.remaining());
    }

    private static DecodeResult<ProgramEvent> notBase64(EventDecoder decoder, IllegalArgumentException e) {
        return DecodeResult.malformed(decoder.programName() + " Program data: not base64 (" + e.getMessage() + ")");
    }

    /** The n of "invoke [n]" (digits from {@code at} to ']'), or -1 when it is not 1..MAX_DEPTH. */
    private static int invokeDepth(String line, int at) {
        int value = 0;
        for (int i = at; i < line.length() && i < at + 3; i++) {
            char c = line.charAt(i);
            if (c == ']') {
                return i > at && value >= 1 && value <= MAX_DEPTH ? value : -1;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return -1;
    }

    /** Index of the watched program whose base58 id is {@code line[8, space)}, or OTHER. */
    private int program(String line, int space) {
        int length = space - PROGRAM.length();
        for (int k = 0; k < ids.length; k++) {
            if (ids[k].length() == length && line.regionMatches(PROGRAM.length(), ids[k], 0, length)) {
                return k;
            }
        }
        return OTHER;
    }
}
