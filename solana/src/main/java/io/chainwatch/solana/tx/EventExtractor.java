package io.chainwatch.solana.tx;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Discriminators;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.LogEvent;
import io.chainwatch.solana.LogEventParser;
import io.chainwatch.solana.LogLines;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.PumpDecoders;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The events that watched programs emitted in a transaction, each reported once, in execution order,
 * with its place in the transaction.
 *
 * <p>Anchor programs such as pump emit each event twice: as a {@code Program data:} log line
 * ({@code emit!}) and as a self-CPI inner instruction ({@code emit_cpi!}: the program invokes itself
 * with {@link EventDecoder#EVENT_INSTRUCTION_TAG}, the event discriminator and the payload). The node
 * cuts long logs short ({@code Log truncated}) but never inner instructions, so the inner-instruction
 * copy is the one reported. A log event is reported only when no inner-instruction event matches it:
 * same program, byte-identical discriminator and payload, matched in order (each log event takes the
 * first unmatched inner-instruction event of its program after the previous match). That keeps the
 * events of programs or program versions that only log, and of answers without inner instructions.
 * A matched event carries both its inner-instruction index and its log index. Every event carries the
 * bytes its decoder read ({@link TransactionEvent#data()}): the inner instruction's after the event
 * tag, or the log line's, decoded from base64 once by the {@link LogEventParser}.
 *
 * <p>A log-only event is placed among the others by the invoke lines before it: under the top-level
 * instruction whose {@code invoke [1]} line (matched to the instruction's program, as precompiles log
 * nothing) precedes it, after the inner instructions whose {@code invoke [n>1]} lines precede it.
 *
 * <p>A failed transaction's state changes are rolled back, so it has no events, although its logs and
 * inner instructions show what ran before the failure. Event bytes that do not decode are
 * {@link DecodeResult.Malformed} events, not exceptions. Immutable and thread-safe.
 */
public final class EventExtractor {
    private static final EventExtractor PUMP_FAMILY = new EventExtractor(PumpDecoders.EVENT_DECODERS);
    private static final String PROGRAM = "Program ";
    private static final String INVOKE = "invoke [";
    private static final String TRUNCATED = "Log truncated";
    private static final Comparator<Pending> EXECUTION_ORDER = Comparator.comparingInt(Pending::instructionIndex)
            .thenComparingInt(Pending::order).thenComparingInt(Pending::logIndex);

    private final EventDecoder[] decoders;
    private final LogEventParser logParser;

    /** @throws IllegalArgumentException when {@code decoders} is empty or names a program twice */
    public EventExtractor(List<EventDecoder> decoders) {
        this.logParser = new LogEventParser(decoders);
        this.decoders = decoders.toArray(EventDecoder[]::new);
    }

    /** pump and PumpSwap ({@link PumpDecoders#EVENT_DECODERS}); shared. */
    public static EventExtractor pumpFamily() {
        return PUMP_FAMILY;
    }

    /** The transaction's events, once each, in execution order; none when it did not succeed. */
    public List<TransactionEvent> extract(SolanaTransaction tx) {
        if (!tx.succeeded()) {
            return List.of();
        }
        List<Pending> pending = new ArrayList<>();
        List<Cpi> cpis = instructionEvents(tx);
        int[] matchedLog = new int[cpis.size()];
        Arrays.fill(matchedLog, -1);
        int[] searchFrom = new int[decoders.length];
        LogPositions positions = null; // only a log-only event needs them, and most transactions have none
        for (LogEvent logged : logParser.parse(tx.logMessages())) {
            int d = decoderIndex(logged.programId());
            byte[] data = logged.data();
            int match = data.length == 0 ? -1 : firstMatch(cpis, d, data, searchFrom[d]);
            if (match >= 0) {
                matchedLog[match] = logged.logIndex();
                searchFrom[d] = match + 1;
            } else {
                if (positions == null) {
                    positions = LogPositions.of(tx.logMessages(), outerPrograms(tx));
                }
                pending.add(logOnly(logged, data, positions));
            }
        }
        for (int k = 0; k < cpis.size(); k++) {
            Cpi c = cpis.get(k);
            pending.add(new Pending(c.instructionIndex(), 2 * c.innerIndex() + 1, matchedLog[k], decoders[c.decoder()].programId(),
                    c.innerIndex(), c.result(), c.event()));
        }
        return numbered(pending);
    }

    /**
     * The events in log messages alone, without their transaction (a {@code logsSubscribe}
     * notification, say): every watched program's {@code Program data:} line attributed by the invoke
     * stack, up to a {@code Log truncated} line. The caller knows whether the transaction succeeded;
     * the logs of a failed one show events that were rolled back.
     */
    public List<TransactionEvent> extractFromLogs(List<String> logMessages) {
        return extractFromLogs(LogLines.of(logMessages));
    }

    /** {@link #extractFromLogs(List)} of lines given as UTF-8 bytes (a stream's views into a notification); read only during the call. */
    public List<TransactionEvent> extractFromLogs(LogLines logMessages) {
        List<LogEvent> found = logParser.parse(logMessages);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Pending> pending = new ArrayList<>(found.size());
        for (LogEvent logged : found) {
            // Without the transaction its top-level instructions are known only by their invoke [1] lines, in order.
            pending.add(new Pending(logged.topLevelInvokes() - 1, 2 * logged.innerInvokes(), logged.logIndex(), logged.programId(), -1,
                    logged.result(), logged.data()));
        }
        return numbered(pending);
    }

    /**
     * An event emitted by a self-CPI instruction of a watched program; {@code event} is the
     * instruction data after the event tag (discriminator and payload), in an array of its own.
     */
    private record Cpi(int decoder, int instructionIndex, int innerIndex, byte[] event, DecodeResult<ProgramEvent> result) {
        /** True when the discriminator and payload are {@code data}, byte for byte. */
        boolean carries(byte[] data) {
            return Arrays.equals(event, data);
        }
    }

    /**
     * An event before numbering; {@code order} places it among the inner instructions of its
     * top-level one. {@code data} is the event's own array: the event copies it, but no two pending
     * events hold the same one either.
     */
    private record Pending(int instructionIndex, int order, int logIndex, PublicKey programId, int innerIndex,
                           DecodeResult<ProgramEvent> result, byte[] data) {
    }

    private List<Cpi> instructionEvents(SolanaTransaction tx) {
        List<Cpi> out = new ArrayList<>(2);
        for (InnerInstruction ix : tx.innerInstructions()) {
            if (ix.dataLength() < 16) {
                continue;
            }
            int d = decoderIndex(tx.accountKey(ix.programIdIndex()));
            if (d < 0) {
                continue;
            }
            byte[] data = ix.data();
            if (Discriminators.read(data, 0) == EventDecoder.EVENT_INSTRUCTION_TAG) {
                byte[] event = Arrays.copyOfRange(data, 8, data.length);
                out.add(new Cpi(d, ix.instructionIndex(), ix.innerIndex(), event, decoders[d].decode(event, 0, event.length)));
            }
        }
        return out;
    }

    private static int firstMatch(List<Cpi> cpis, int decoder, byte[] payload, int from) {
        for (int k = from; k < cpis.size(); k++) {
            Cpi c = cpis.get(k);
            if (c.decoder() == decoder && c.carries(payload)) {
                return k;
            }
        }
        return -1;
    }

    /** @param data the logged event's bytes ({@link LogEvent#data()}, a copy of its own) */
    private static Pending logOnly(LogEvent logged, byte[] data, LogPositions positions) {
        int line = logged.logIndex();
        return new Pending(positions.instructionAt(line), 2 * positions.innerBefore(line), line, logged.programId(), -1, logged.result(),
                data);
    }

    private static List<TransactionEvent> numbered(List<Pending> pending) {
        pending.sort(EXECUTION_ORDER);
        List<TransactionEvent> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            out.add(new TransactionEvent(out.size(), p.programId(), p.instructionIndex(), p.innerIndex(), p.logIndex(), p.result(), p.data()));
        }
        return List.copyOf(out);
    }

    private int decoderIndex(PublicKey program) {
        for (int i = 0; i < decoders.length; i++) {
            if (decoders[i].programId().equals(program)) {
                return i;
            }
        }
        return -1;
    }

    /** The base58 ids of the top-level instructions' programs, in order. */
    private static String[] outerPrograms(SolanaTransaction tx) {
        List<CompiledInstruction> ixs = tx.instructions();
        String[] out = new String[ixs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = tx.accountKey(ixs.get(i).programIdIndex()).toBase58();
        }
        return out;
    }

    /** For each log line, the top-level instruction it was logged under and the inner invocations that instruction made before it. */
    private record LogPositions(int[] instruction, int[] innerInvocations) {
        int instructionAt(int line) {
            return instruction[line];
        }

        int innerBefore(int line) {
            return innerInvocations[line];
        }

        /** @param outerPrograms the top-level instructions' program ids */
        static LogPositions of(List<String> logs, String[] outerPrograms) {
            int[] instruction = new int[logs.size()];
            int[] inner = new int[logs.size()];
            int outer = -1;
            int invocations = 0;
            for (int i = 0; i < logs.size(); i++) {
                String line = logs.get(i);
                if (line != null && line.startsWith(PROGRAM)) {
                    int space = line.indexOf(' ', PROGRAM.length());
                    if (space > PROGRAM.length() && line.startsWith(INVOKE, space + 1)) {
                        if (line.startsWith("1]", space + 1 + INVOKE.length())) {
                            outer = nextInstruction(line, space, outer + 1, outerPrograms);
                            invocations = 0;
                        } else {
                            invocations++;
                        }
                    }
                } else if (line != null && line.startsWith(TRUNCATED)) {
                    Arrays.fill(instruction, i, instruction.length, outer);
                    Arrays.fill(inner, i, inner.length, invocations);
                    break;
                }
                instruction[i] = outer;
                inner[i] = invocations;
            }
            return new LogPositions(instruction, inner);
        }

        /**
         * The first top-level instruction from {@code from} that runs the program of {@code line}'s
         * invoke (its id ends at {@code space}); {@code from} when none does.
         */
        private static int nextInstruction(String line, int space, int from, String[] outerPrograms) {
            int length = space - PROGRAM.length();
            for (int k = from; k < outerPrograms.length; k++) {
                if (outerPrograms[k].length() == length && line.startsWith(outerPrograms[k], PROGRAM.length())) {
                    return k;
                }
            }
            return from;
        }
    }
}
