package io.chainwatch.market.pump;

import java.util.Objects;

/**
 * Where a pump event sits on its chain.
 *
 * <p>Its natural key is (slot, signature, eventIndex): the same event delivered twice, by two endpoints
 * or by a replay, has the same key. The slot is part of the key because one transaction can land in
 * two slots on two forks; when one fork dies, the copy on the other must still count.
 *
 * @param slot       the slot whose block holds the transaction
 * @param signature  the transaction's first signature
 * @param txIndex    the transaction's place in its block, or -1 when the source does not say
 *                   (logsSubscribe does not); orders events of one slot, never identifies them
 * @param eventIndex 0-based place among the watched programs' events of the transaction
 *                   ({@code io.chainwatch.solana.LogEvent#eventIndex})
 */
public record EventPosition(long slot, TxSignature signature, int txIndex, int eventIndex) {
    public EventPosition {
        Objects.requireNonNull(signature, "signature");
        if (slot < 0) {
            throw new IllegalArgumentException("slot: must be >= 0, got " + slot);
        }
        if (txIndex < -1) {
            throw new IllegalArgumentException("txIndex: must be >= 0, or -1 for unknown, got " + txIndex);
        }
        if (eventIndex < 0) {
            throw new IllegalArgumentException("eventIndex: must be >= 0, got " + eventIndex);
        }
    }
}
