package io.chainwatch.solana.tx;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One event a watched program emitted in a transaction, reported once however many times the
 * transaction carries it, with its place in the transaction. Immutable: the data is copied in and
 * out, so no two events ever share an array.
 *
 * @param eventIndex            0-based place among the transaction's events, in execution order
 * @param programId             the program that emitted it
 * @param instructionIndex      the top-level instruction it was emitted under, or -1 when not known
 *                              (a log without its transaction, that starts mid-instruction)
 * @param innerInstructionIndex the self-CPI event instruction that carries it
 *                              ({@link InnerInstruction#innerIndex()}), or -1 when it is known from the
 *                              logs only
 * @param logIndex              its {@code Program data:} line in the log messages, or -1 when the logs
 *                              do not show it (they were truncated, or the program emits by CPI only)
 * @param result                the decoded event; {@link DecodeResult.Unknown} for an event of the
 *                              program that its decoder does not know
 * @param data                  the bytes {@code result} was decoded from, exactly as the program's
 *                              {@link EventDecoder} read them: the 8-byte event discriminator, then the
 *                              borsh payload. For a self-CPI event that is the instruction data after
 *                              {@link EventDecoder#EVENT_INSTRUCTION_TAG}; for a log-only event, the
 *                              base64-decoded {@code Program data:} line (its first slice). Decoding them
 *                              again with that decoder gives {@code result} again, which is how a store
 *                              rebuilds state from what it kept. Empty only for a log line that is not
 *                              base64 (its {@code result} is {@link DecodeResult.Malformed}).
 */
public record TransactionEvent(
        int eventIndex,
        PublicKey programId,
        int instructionIndex,
        int innerInstructionIndex,
        int logIndex,
        DecodeResult<ProgramEvent> result,
        byte[] data) {
    public TransactionEvent {
        Objects.requireNonNull(programId, "programId");
        Objects.requireNonNull(result, "result");
        data = data.clone();
    }

    /** The decoded event, or null. */
    public ProgramEvent event() {
        return result.valueOrNull();
    }

    /** True when a self-CPI event instruction carries it (the more reliable copy: inner instructions are never truncated). */
    public boolean fromInnerInstruction() {
        return innerInstructionIndex >= 0;
    }

    /** A copy of the event's bytes: discriminator, then payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The length of {@link #data()}, without a copy. */
    public int dataLength() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionEvent other && eventIndex == other.eventIndex && instructionIndex == other.instructionIndex
                && innerInstructionIndex == other.innerInstructionIndex && logIndex == other.logIndex
                && programId.equals(other.programId) && result.equals(other.result) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = eventIndex;
        h = 31 * h + programId.hashCode();
        h = 31 * h + instructionIndex;
        h = 31 * h + innerInstructionIndex;
        h = 31 * h + logIndex;
        h = 31 * h + result.hashCode();
        return 31 * h + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TransactionEvent[eventIndex=" + eventIndex + ", programId=" + programId + ", instructionIndex=" + instructionIndex
                + ", innerInstructionIndex=" + innerInstructionIndex + ", logIndex=" + logIndex + ", result=" + result
                + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
