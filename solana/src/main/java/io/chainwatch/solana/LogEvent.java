package io.chainwatch.solana;

/**
 * One {@code Program data:} line of a transaction that a watched program emitted, and what its
 * decoder made of it.
 *
 * @param programId  the program on top of the invoke stack when the line was logged
 * @param eventIndex 0-based place among the watched programs' data lines of this transaction: with
 *                   the signature, the event's natural key
 * @param logIndex   0-based index of the line in the transaction's log messages
 * @param result     the decoded event, or why there is none ({@link DecodeResult.Unknown} for an
 *                   event the decoder does not know)
 */
public record LogEvent(PublicKey programId, int eventIndex, int logIndex, DecodeResult<ProgramEvent> result) {
    /** The decoded event, or null. */
    public ProgramEvent event() {
        return result.valueOrNull();
    }
}
