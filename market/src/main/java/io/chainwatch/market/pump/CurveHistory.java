package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.TradeEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * What one curve's state is made of while some of its inputs are unfinalized: the state before them
 * (the base) and those inputs in chain order. Undoing one is removing it and replaying the rest on the
 * base, so the result is always what the remaining inputs give, whatever order slots die in.
 *
 * <p>It also keeps the fold of the base and its first entries up to the newest slot it chained (a
 * cache, dropped whenever an entry before it changes): an input added to the newest slot, as the
 * stream brings them, chains and replays that slot alone, not every unfinalized slot of the curve.
 * Without it a trade cost time in proportion to the curve's unfinalized history.
 */
final class CurveHistory {
    /** The state before the first entry; null when the curve did not exist then. */
    private CurveState base;
    final List<JournalEntry> entries = new ArrayList<>(4);
    /** The fold of {@link #base} and {@code entries[0, foldedCount)}; null when not known. */
    private CurveState folded;
    private int foldedCount;

    CurveHistory(CurveState base) {
        this.base = base;
    }

    /** Applies final account data to the base (the curve made first when it did not exist then); replay afterwards. */
    void applyFinalAccount(PublicKey mint, long slot, BondingCurve account) {
        if (base == null) {
            base = new CurveState().reset(mint);
        }
        base.applyAccount(slot, account);
        folded = null;
    }

    /** Inserts in chain order; true when {@code e} went last, so the current state need only fold it in. */
    boolean insert(JournalEntry e) {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).compareTo(e) > 0) {
            i--;
        }
        entries.add(i, e);
        changedFrom(i);
        boolean reordered = rechainFrom(i - 1, e.mint);
        return !reordered && i == entries.size() - 1;
    }

    /**
     * Chains again every slot's unplaced transactions from entry {@code from} on: each was chained
     * against the state before it, which an entry added or removed before it changes (a slot's block
     * read after the stream brought a later slot, a retraction).
     */
    private boolean rechainFrom(int from, PublicKey mint) {
        boolean reordered = false;
        long chained = Long.MIN_VALUE;
        for (int k = Math.max(0, from); k < entries.size(); k++) {
            JournalEntry x = entries.get(k);
            if (x.slot != chained && unplaced(x)) {
                reordered |= chainOrder(k, mint);
                chained = x.slot;
            }
        }
        return reordered;
    }

    private static boolean unplaced(JournalEntry x) {
        return x.txIndex < 0 && !x.isAccount();
    }

    /**
     * Orders the slot's transactions whose place in the block is unknown (logsSubscribe does not say
     * it) by their reserves, as they ran: each trade's event carries the virtual token reserves after
     * it, and with its token amount the reserves before it, which are the reserves the trade before
     * it left. From the state before them, the next transaction is the one whose first trade starts
     * where the state stands; a transaction with no trade, or none that fits, goes where nothing else
     * fits (a create first on a curve that does not exist yet), the rest by signature. A
     * transaction's own events keep their order.
     *
     * @param at the index of one of the slot's unplaced entries
     * @return true when the order changed beyond the plain insertion
     */
    private boolean chainOrder(int at, PublicKey mint) {
        long slot = entries.get(at).slot;
        int a = at;
        while (a > 0 && entries.get(a - 1).slot == slot && unplaced(entries.get(a - 1))) {
            a--;
        }
        int b = at + 1;
        while (b < entries.size() && entries.get(b).slot == slot && unplaced(entries.get(b))) {
            b++;
        }
        if (b - a < 2) {
            return false;
        }
        CurveState state = stateBefore(a, mint);
        // From signature order every time, so that the result depends only on which entries there are,
        // not on the order they came in (a replay after a retraction must give what a fresh book gives).
        List<JournalEntry> left = new ArrayList<>(entries.subList(a, b));
        left.sort(null);
        List<JournalEntry> ordered = new ArrayList<>(left.size());
        while (!left.isEmpty()) {
            TxSignature next = left.get(nextTransaction(left, state)).signature;
            for (int i = 0; i < left.size(); ) {
                JournalEntry x = left.get(i);
                if (x.signature.equals(next)) {
                    ordered.add(x);
                    state.apply(x);
                    left.remove(i);
                } else {
                    i++;
                }
            }
        }
        boolean changed = false;
        for (int i = 0; i < ordered.size(); i++) {
            changed |= entries.set(a + i, ordered.get(i)) != ordered.get(i);
        }
        return changed;
    }

    /** A new state: the fold of the base and {@code entries[0, n)}, which it also keeps as the cache. */
    private CurveState stateBefore(int n, PublicKey mint) {
        CurveState state;
        int from;
        if (folded != null && foldedCount <= n) {
            state = folded.copy();
            from = foldedCount;
        } else {
            state = base == null ? new CurveState().reset(mint) : base.copy();
            from = 0;
        }
        for (int i = from; i < n; i++) {
            state.apply(entries.get(i));
        }
        folded = state.copy();
        foldedCount = n;
        return state;
    }

    /** Index in {@code left} (signature order) of a first entry of the transaction to fold in next. */
    private static int nextTransaction(List<JournalEntry> left, CurveState state) {
        int noTrade = -1;
        int create = -1;
        for (int i = 0; i < left.size(); i++) {
            JournalEntry x = left.get(i);
            if (i > 0 && left.get(i - 1).signature.equals(x.signature)) {
                continue; // not the transaction's first entry
            }
            TradeEvent trade = null;
            boolean creates = false;
            for (int j = i; j < left.size() && left.get(j).signature.equals(x.signature); j++) {
                if (trade == null && left.get(j).event instanceof TradeEvent t) {
                    trade = t;
                }
                creates |= left.get(j).event instanceof CreateEvent;
            }
            if (creates && create < 0) {
                create = i;
            }
            if (trade == null) {
                noTrade = noTrade < 0 ? i : noTrade;
                continue;
            }
            long before = trade.isBuy() ? trade.virtualTokenReserves() + trade.tokenAmount()
                    : trade.virtualTokenReserves() - trade.tokenAmount();
            if (state.has(CurveState.RESERVES_KNOWN) && before == state.virtualTokenReserves && !creates) {
                return i;
            }
        }
        if (create >= 0 && !state.has(CurveState.RESERVES_KNOWN)) {
            return create;
        }
        return noTrade >= 0 ? noTrade : 0;
    }

    void remove(JournalEntry e) {
        int i = entries.indexOf(e);
        if (i >= 0) {
            entries.remove(i);
            changedFrom(i);
            rechainFrom(i - 1, e.mint);
        }
    }

    /** Entries from index {@code i} on changed: the cache holds only while it ends at or before {@code i}. */
    private void changedFrom(int i) {
        if (folded != null && foldedCount > i) {
            folded = null;
        }
    }

    /** Folds the entries at or below {@code slot} into the base: they are final. */
    void settle(long slot, PublicKey mint) {
        int n = 0;
        while (n < entries.size() && entries.get(n).slot <= slot) {
            if (base == null) {
                base = new CurveState().reset(mint);
            }
            base.apply(entries.get(n));
            n++;
        }
        entries.subList(0, n).clear();
        // The base is now the fold of the entries it took: the cache still holds for the rest, n entries fewer.
        if (folded != null && foldedCount >= n) {
            foldedCount -= n;
        } else {
            folded = null;
        }
    }

    /** Replays base and entries into {@code into}; false when the curve then does not exist. */
    boolean replay(CurveState into, PublicKey mint) {
        if (base == null && entries.isEmpty()) {
            return false;
        }
        int from = 0;
        if (folded != null) {
            into.copyFrom(folded);
            from = foldedCount;
        } else if (base == null) {
            into.reset(mint);
        } else {
            into.copyFrom(base);
        }
        for (int i = from; i < entries.size(); i++) {
            into.apply(entries.get(i));
        }
        return true;
    }
}
