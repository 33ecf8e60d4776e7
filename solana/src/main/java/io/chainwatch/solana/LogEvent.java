package io.chainwatch.solana;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One {@code Program data:} line of a transaction that a watched program emitted, and what its
 * decoder made of it. Immutable: the data is copied in and out.
 *
 * @param programId  the program on top of the invoke stack when the line was logged
 * @param eventIndex 0-based place among the watched programs' data lines of this transaction: with
 *                   the signature, the event's natural key
 * @param logIndex   0-based index of the line in the transaction's log messages
 * @param topLevelInvokes the {@code Program <id> invoke [1]} lines before it: the top-level
 *                   instructions that logged so far, its own included (0 for a log that starts
 *                   mid-instruction)
 * @param innerInvokes the other {@code Program <id> invoke [n]} lines since the last of those: the
 *                   inner invocations its instruction made before it. Both count the lines' text
 *                   alone, so that a reader of logs without their transaction places the event
 *                   without a second pass.
 * @param result     the decoded event, or why there is none ({@link DecodeResult.Unknown} for an
 *                   event the decoder does not know)
 * @param data       the line's bytes as the decoder read them: its first base64 slice, decoded (the
 *                   8-byte event discriminator, then the payload); empty when the line is not base64
 *                   ({@code result} is then {@link DecodeResult.Malformed})
 */
public record LogEvent(PublicKey programId, int eventIndex, int logIndex, int topLevelInvokes, int innerInvokes,
                       DecodeResult<ProgramEvent> result, byte[] data) {
    public LogEvent {
        Objects.requireNonNull(programId, "programId");
        Objects.requireNonNull(result, "result");
        data = data.clone();
    }

    /** The decoded event, or null. */
    public ProgramEvent event() {
        return result.valueOrNull();
    }

    /** A copy of the line's decoded bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEvent other && eventIndex == other.eventIndex && logIndex == other.logIndex
                && topLevelInvokes == other.topLevelInvokes && innerInvokes == other.innerInvokes && programId.equals(other.programId) && result.equals(other.result) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = programId.hashCode();
        h = 31 * h + eventIndex;
        h = 31 * h + logIndex;
        h = 31 * h + topLevelInvokes;
        h = 31 * h + innerInvokes;
        h = 31 * h + result.hashCode();
        return 31 * h + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LogEvent[programId=" + programId + ", eventIndex=" + eventIndex + ", logIndex=" + logIndex + ", topLevelInvokes=" + topLevelInvokes
                + ", innerInvokes=" + innerInvokes + ", result=" + result
                + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
