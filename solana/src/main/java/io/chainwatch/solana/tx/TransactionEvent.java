package io.chainwatch.solana.tx;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;

/**
 * One event a watched program emitted in a transaction, reported once however many times the
 * transaction carries it, with its place in the transaction.
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
 */
public record TransactionEvent(
        int eventIndex,
        PublicKey programId,
        int instructionIndex,
        int innerInstructionIndex,
        int logIndex,
        DecodeResult<ProgramEvent> result) {
    /** The decoded event, or null. */
    public ProgramEvent event() {
        return result.valueOrNull();
    }

    /** True when a self-CPI event instruction carries it (the more reliable copy: inner instructions are never truncated). */
    public boolean fromInnerInstruction() {
        return innerInstructionIndex >= 0;
    }
}
