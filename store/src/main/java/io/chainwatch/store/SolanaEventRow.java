package io.chainwatch.store;

import io.chainwatch.core.config.Commitment;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One decoded pump.fun or PumpSwap event as stored: identified by the transaction's signature and
 * the event's position in that transaction ({@code eventIndex}), the key that makes every write
 * idempotent. The columns that queries filter on are typed; every other field is in {@code data},
 * the event's own bytes, which whoever shows the event decodes (its IDL-named fields are not stored
 * a second time as JSON: V10), and from which a restart rebuilds state. Immutable: the data is
 * copied in and out.
 *
 * @param signature    the transaction's signature
 * @param eventIndex   the event's position in the transaction, from 0: the same on every delivery
 * @param slot         the slot the transaction landed in
 * @param txIndex      the transaction's position in its block, or {@link #UNKNOWN_TX_INDEX} when the
 *                     source does not say (logsSubscribe does not)
 * @param blockTime    the block's time, or null when not known
 * @param program      the program that emitted the event
 * @param programName  its short name, e.g. {@code pump} or {@code pump_amm}
 * @param kind         the event's IDL name, e.g. {@code TradeEvent}
 * @param commitment   the commitment at which the slot was seen; a read gives the stored level
 * @param mint         the token mint the event is about, or null when the event names none
 * @param trade        the trade the event records, or null for an event that is no trade; a pump TradeEvent's
 *                     is the one its bytes say, which the store reads from them rather than storing it again
 * @param data         the event's bytes as its program's event decoder reads them (8-byte event
 *                     discriminator, then the borsh payload; {@code io.chainwatch.solana.tx.TransactionEvent#data}),
 *                     or null for a row stored before the bytes were kept (schema V3): such a row is not
 *                     decoded again, and its fields are only in the table's {@code fields} column
 */
public record SolanaEventRow(SolanaSignature signature, int eventIndex, long slot, int txIndex, Instant blockTime,
                             SolanaPubkey program, String programName, String kind, Commitment commitment,
                             SolanaPubkey mint, Trade trade, byte[] data) {
    public static final int UNKNOWN_TX_INDEX = -1;

    public SolanaEventRow {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(programName, "programName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commitment, "commitment");
        if (eventIndex < 0) {
            throw new IllegalArgumentException("eventIndex: must be >= 0, got " + eventIndex + " (event of " + signature + ")");
        }
        if (slot < 0) {
            throw new IllegalArgumentException("slot: must be >= 0, got " + slot + " (event of " + signature + ")");
        }
        if (txIndex < UNKNOWN_TX_INDEX) {
            throw new IllegalArgumentException("txIndex: must be >= 0 or UNKNOWN_TX_INDEX, got " + txIndex + " (event of " + signature + ")");
        }
        data = data == null ? null : data.clone();
    }

    /** A copy of the event's bytes, or null when the row has none. */
    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SolanaEventRow other && eventIndex == other.eventIndex && slot == other.slot && txIndex == other.txIndex
                && signature.equals(other.signature) && Objects.equals(blockTime, other.blockTime) && program.equals(other.program)
                && programName.equals(other.programName) && kind.equals(other.kind) && commitment == other.commitment
                && Objects.equals(mint, other.mint) && Objects.equals(trade, other.trade)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = signature.hashCode();
        h = 31 * h + eventIndex;
        h = 31 * h + Long.hashCode(slot);
        h = 31 * h + txIndex;
        h = 31 * h + Objects.hashCode(blockTime);
        h = 31 * h + program.hashCode();
        h = 31 * h + programName.hashCode();
        h = 31 * h + kind.hashCode();
        h = 31 * h + commitment.hashCode();
        h = 31 * h + Objects.hashCode(mint);
        h = 31 * h + Objects.hashCode(trade);
        return 31 * h + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SolanaEventRow[signature=" + signature + ", eventIndex=" + eventIndex + ", slot=" + slot + ", txIndex=" + txIndex
                + ", blockTime=" + blockTime + ", program=" + program + ", programName=" + programName + ", kind=" + kind
                + ", commitment=" + commitment + ", mint=" + mint + ", trade=" + trade
                + ", data=" + (data == null ? "null" : HexFormat.of().formatHex(data)) + "]";
    }

    /**
     * A buy or a sell. Amounts are u64 held in a long: read them with
     * {@link Long#toUnsignedString(long)}, compare them with {@link Long#compareUnsigned}.
     *
     * @param trader            the account that traded
     * @param solLamports       the SOL side, in lamports (unsigned)
     * @param tokenAmount       the token side, in the mint's base units (unsigned)
     * @param buy               true for a buy of the token, false for a sell
     */
    public record Trade(SolanaPubkey trader, long solLamports, long tokenAmount, boolean buy) {
        public Trade {
            Objects.requireNonNull(trader, "trader");
        }
    }
}
