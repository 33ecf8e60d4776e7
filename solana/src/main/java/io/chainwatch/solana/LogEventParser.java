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
 * several times faster than a table loop here, into one small array per line. Immutable and
 * thread-safe.
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
            if (line.charAt(space - 1) == ':') {
                // "Program data:", "Program log:", "Program return:", ...: base58 ids have no ':'.
                if (depth > 0 && stack[depth - 1] != OTHER && line.startsWith(DATA)) {
                    EventDecoder decoder = decoders[stack[depth - 1]];
                    events.add(new LogEvent(decoder.programId(), eventIndex++, i, decodeBase64(decoder, line, DATA.length())));
                }
            } else if (line.startsWith(INVOKE, space + 1)) {
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
        return decodeBase64(decoder, line, DATA.length());
    }

    // Anchor logs one base64 slice per event; a line with several (sol_log_data of many slices) is read by its first.
    private static DecodeResult<ProgramEvent> decodeBase64(EventDecoder decoder, String line, int from) {
        int end = line.indexOf(' ', from);
        if (end < 0) {
            end = line.length();
        }
        // ISO-8859-1 maps any character above U+00FF to '?', which base64 then rejects.
        byte[] text = line.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bytes;
        try {
            bytes = BASE64.decode(ByteBuffer.wrap(text, from, end - from));
        } catch (IllegalArgumentException e) {
            return DecodeResult.malformed(decoder.programName() + " Program data: not base64 (" + e.getMessage() + ")");
        }
        return decoder.decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
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
