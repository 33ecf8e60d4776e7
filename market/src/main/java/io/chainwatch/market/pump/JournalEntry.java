package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.PumpEvent;

import java.util.Objects;

/**
 * One input the book applied at an unfinalized slot: a pump event, or a curve's account data. Kept until
 * its slot is finalized (then folded into its curve's base) or retracted (then dropped, and the curve
 * replayed without it).
 *
 * <p>Equality is the natural key: (slot, signature, eventIndex) for an event, (slot, mint) for account
 * data. Order is chain order: by slot, then events before account data (an account's state at a slot is
 * the state after all of that slot's transactions), then transaction index, signature, event index.
 */
final class JournalEntry implements Comparable<JournalEntry> {
    final long slot;
    final int txIndex;
    /** Null for account data. */
    final TxSignature signature;
    final int eventIndex;
    final PublicKey mint;
    /** Exactly one of {@code event} and {@code account} is set. */
    final PumpEvent event;
    final BondingCurve account;
    /** The curve's row in the table; set when the entry is recorded. */
    int curveId = -1;

    private JournalEntry(long slot, int txIndex, TxSignature signature, int eventIndex, PublicKey mint, PumpEvent event,
                         BondingCurve account) {
        this.slot = slot;
        this.txIndex = txIndex;
        this.signature = signature;
        this.eventIndex = eventIndex;
        this.mint = mint;
        this.event = event;
        this.account = account;
    }

    static JournalEntry event(EventPosition at, PublicKey mint, PumpEvent event) {
        return new JournalEntry(at.slot(), at.txIndex(), at.signature(), at.eventIndex(), mint, event, null);
    }

    static JournalEntry account(long slot, PublicKey mint, BondingCurve account) {
        return new JournalEntry(slot, Integer.MAX_VALUE, null, 0, mint, null, account);
    }

    boolean isAccount() {
        return signature == null;
    }

    @Override
    public int compareTo(JournalEntry o) {
        int c = Long.compare(slot, o.slot);
        if (c != 0) {
            return c;
        }
        c = Boolean.compare(isAccount(), o.isAccount());
        if (c != 0 || isAccount()) {
            return c;
        }
        c = Integer.compare(txIndex, o.txIndex);
        if (c != 0) {
            return c;
        }
        c = signature.compareTo(o.signature);
        return c != 0 ? c : Integer.compare(eventIndex, o.eventIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEntry e && slot == e.slot && eventIndex == e.eventIndex
                && Objects.equals(signature, e.signature) && (signature != null || mint.equals(e.mint));
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(slot) + (signature != null ? signature.hashCode() + eventIndex : mint.hashCode());
    }
}
