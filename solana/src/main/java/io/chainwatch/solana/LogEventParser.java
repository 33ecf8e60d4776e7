package io.chainwatch.solana;

import io.chainwatch.core.ByteWords;

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
 * <p>It reads the lines as UTF-8 byte ranges ({@link LogLines}): a stream's reader hands over views
 * into a notification's bytes, and lines given as Strings are encoded into that form first, so that
 * there is one reading of the lines, on bytes. Lines are classified by comparing ASCII bytes, and
 * program ids as the watched programs' base58 text. No regular expressions. Base64 goes straight
 * from the line's bytes through the JDK's decoder, whose vectorised intrinsic is several times
 * faster than a table loop here, into one small array per line; the line's {@link LogEvent} carries
 * those bytes, so that nothing decodes the line again to compare or store them. Immutable and
 * thread-safe.
 */
public final class LogEventParser {
    private static final byte[] PROGRAM = ascii("Program ");
    private static final byte[] DATA = ascii("Program data: ");
    private static final byte[] INVOKE = ascii("invoke [");
    private static final byte[] TOP_LEVEL = ascii("1]");
    private static final byte[] SUCCESS = ascii("success");
    private static final byte[] FAILED = ascii("failed");
    private static final byte[] TRUNCATED = ascii("Log truncated");
    private static final int OTHER = -1;
    /** Solana allows far fewer nested invocations; deeper claims are garbage and read as "not ours". */
    private static final int MAX_DEPTH = 64;
    private static final Base64.Decoder BASE64 = Base64.getDecoder();
    private static final byte[] NO_BYTES = {};

    private final EventDecoder[] decoders;
    /** The watched programs' base58 ids as ASCII bytes, by decoder. */
    private final byte[][] ids;

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
        this.ids = new byte[this.decoders.length][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ascii(this.decoders[i].programId().toBase58());
        }
    }

    /**
     * The watched programs' events in {@code logMessages}, in log order. Lines it cannot read are
     * skipped (structure lines) or returned as {@link DecodeResult.Malformed} (data lines of a
     * watched program); it throws nothing.
     */
    public List<LogEvent> parse(List<String> logMessages) {
        return parse(LogLines.of(logMessages));
    }

    /** {@link #parse(List)} of lines given as UTF-8 bytes; it reads them only during the call. */
    public List<LogEvent> parse(LogLines lines) {
        List<LogEvent> events = new ArrayList<>(4);
        int[] stack = new int[8];
        int depth = 0;
        int eventIndex = 0;
        int topLevelInvokes = 0;
        int innerInvokes = 0;
        for (int i = 0, n = lines.size(); i < n; i++) {
            byte[] line = lines.array(i);
            int start = lines.offset(i);
            int end = start + lines.length(i);
            if (!startsWith(line, start, end, PROGRAM)) {
                if (startsWith(line, start, end, TRUNCATED)) {
                    break;
                }
                continue;
            }
            int space = ByteWords.indexOf(line, start + PROGRAM.length, end, ' ');
            if (space <= start + PROGRAM.length) {
                continue;
            }
            boolean invoke = startsWith(line, space + 1, end, INVOKE);
            if (invoke) {
                // Counted by the text alone, whatever the stack makes of the line: LogEvent's contract.
                if (startsWith(line, space + 1 + INVOKE.length, end, TOP_LEVEL)) {
                    topLevelInvokes++;
                    innerInvokes = 0;
                } else {
                    innerInvokes++;
                }
            }
            if (line[space - 1] == ':') {
                // "Program data:", "Program log:", "Program return:", ...: base58 ids have no ':'.
                if (depth > 0 && stack[depth - 1] != OTHER && startsWith(line, start, end, DATA)) {
                    events.add(dataLineEvent(decoders[stack[depth - 1]], eventIndex++, i, topLevelInvokes, innerInvokes,
                            line, start + DATA.length, end));
                }
            } else if (invoke) {
                int claimed = invokeDepth(line, space + 1 + INVOKE.length, end);
                if (stack.length < MAX_DEPTH && Math.max(claimed, depth + 1) > stack.length) {
                    stack = Arrays.copyOf(stack, MAX_DEPTH);
                }
                // A depth that skips levels leaves the levels between as unknown programs.
                for (int d = depth; d < claimed - 1; d++) {
                    stack[d] = OTHER;
                }
                depth = claimed > 0 ? claimed : Math.min(depth + 1, MAX_DEPTH);
                stack[depth - 1] = claimed > 0 ? program(line, start + PROGRAM.length, space) : OTHER;
            } else if (startsWith(line, space + 1, end, SUCCESS) || startsWith(line, space + 1, end, FAILED)) {
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
        if (line == null) {
            return DecodeResult.unknown();
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decodeDataLine(decoder, bytes, 0, bytes.length);
    }

    /** {@link #decodeDataLine(EventDecoder, String)} of a line given as its UTF-8 bytes {@code line[offset, offset + length)}. */
    public DecodeResult<ProgramEvent> decodeDataLine(EventDecoder decoder, byte[] line, int offset, int length) {
        int end = offset + length;
        if (!startsWith(line, offset, end, DATA)) {
            return DecodeResult.unknown();
        }
        ByteBuffer bytes;
        try {
            bytes = base64(line, offset + DATA.length, end);
        } catch (IllegalArgumentException e) {
            return notBase64(decoder, e);
        }
        return decoder.decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    }

    /** A data line's event: the bytes are decoded from base64 once, read by the decoder and kept with what it made of them. */
    private static LogEvent dataLineEvent(EventDecoder decoder, int eventIndex, int logIndex, int topLevelInvokes, int innerInvokes,
                                          byte[] line, int from, int end) {
        byte[] data;
        try {
            data = exactArray(base64(line, from, end));
        } catch (IllegalArgumentException e) {
            return new LogEvent(decoder.programId(), eventIndex, logIndex, topLevelInvokes, innerInvokes, notBase64(decoder, e), NO_BYTES);
        }
        return new LogEvent(decoder.programId(), eventIndex, logIndex, topLevelInvokes, innerInvokes, decoder.decode(data, 0, data.length),
                data);
    }

    /**
     * The bytes of the base64 slice of {@code line} from {@code from} to the next space or {@code end}.
     * Anchor logs one slice per event; a line with several (sol_log_data of many slices) is read by its first.
     * A character outside ASCII is bytes from 0x80 up, which base64 rejects.
     *
     * @throws IllegalArgumentException when the slice is not base64
     */
    private static ByteBuffer base64(byte[] line, int from, int end) {
        int space = ByteWords.indexOf(line, from, end, ' ');
        int sliceEnd = space < 0 ? end : space;
        return BASE64.decode(ByteBuffer.wrap(line, from, sliceEnd - from));
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

    /** The n of "invoke [n]" (digits from {@code at} to ']', before {@code end}), or -1 when it is not 1..MAX_DEPTH. */
    private static int invokeDepth(byte[] line, int at, int end) {
        int value = 0;
        for (int i = at; i < end && i < at + 3; i++) {
            byte c = line[i];
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

    /** Index of the watched program whose base58 id is {@code line[from, space)}, or OTHER. */
    private int program(byte[] line, int from, int space) {
        for (int k = 0; k < ids.length; k++) {
            if (Arrays.equals(line, from, space, ids[k], 0, ids[k].length)) {
                return k;
            }
        }
        return OTHER;
    }

    /** True when {@code line[at, end)} starts with {@code prefix}; an eight-byte prefix ("Program ", "invoke [") is one compare. */
    private static boolean startsWith(byte[] line, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        if (prefix.length == Long.BYTES) {
            return ByteWords.word(line, at) == ByteWords.word(prefix, 0);
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
