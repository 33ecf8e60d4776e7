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
 *
 * <p>And of the newest slot's unplaced transactions, when they end its entries and each was chained
 * as the one that fits (no fallback), it keeps the state after them and the reserves each started
 * from (the open run): a trade that starts where they end and where none of them started is where
 * the chaining puts it, last, so it is appended without chaining the slot again. Without it each
 * streamed trade re-chained its slot's others, a cost growing with the square of a busy curve's
 * trades in a slot.
 */
final class CurveHistory {
    /** The state before the first entry; null when the curve did not exist then. */
    private CurveState base;
    final List<JournalEntry> entries = new ArrayList<>(4);
    /** The fold of {@link #base} and {@code entries[0, foldedCount)}; null when not known. */
    private CurveState folded;
    private int foldedCount;
    /** True while the open run below is what chaining the last entries would give. */
    private boolean open;
    private long openSlot;
    /** The state after the open run (the fold of every entry). */
    private CurveState openEnd;
    /** The virtual token reserves each of the open run's transactions started from. */
    private long[] openStarts = new long[8];
    private int openTransactions;

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
        open = false;
    }

    /** Inserts in chain order; true when {@code e} went last, so the current state need only fold it in. */
    boolean insert(JournalEntry e) {
        if (appendsToOpenRun(e)) {
            entries.add(e);
            return true;
        }
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

    /**
     * True when chaining would put {@code e} last, after the open run, as the one that fits: it is an
     * unplaced trade of the open run's slot, of a transaction not in it, starting from the reserves the
     * run ends at and from none that one of its transactions started from (so it fits nowhere before).
     * Then the open run takes it.
     */
    private boolean appendsToOpenRun(JournalEntry e) {
        if (!open || e.slot != openSlot || !unplaced(e) || !(e.event instanceof TradeEvent trade)
                || !openEnd.has(CurveState.RESERVES_KNOWN)) {
            return false;
        }
        long before = reservesBefore(trade);
        if (before != openEnd.virtualTokenReserves) {
            return false;
        }
        for (int i = 0; i < openTransactions; i++) {
            if (openStarts[i] == before) {
                return false;
            }
        }
        for (int i = entries.size() - 1; i >= 0 && entries.get(i).slot == openSlot; i--) {
            if (e.signature.equals(entries.get(i).signature)) {
                return false; // another event of a transaction already chained: its place goes with the transaction's
            }
        }
        startOpenTransaction(before);
        openEnd.apply(e);
        return true;
    }

    private void startOpenTransaction(long virtualTokenReserves) {
        if (openTransactions == openStarts.length) {
            openStarts = java.util.Arrays.copyOf(openStarts, openTransactions * 2);
        }
        openStarts[openTransactions++] = virtualTokenReserves;
    }

    /** The virtual token reserves a trade started from: its event carries those after it. */
    private static long reservesBefore(TradeEvent trade) {
        return trade.isBuy() ? trade.virtualTokenReserves() + trade.tokenAmount() : trade.virtualTokenReserves() - trade.tokenAmount();
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
        boolean last = b == entries.size();
        boolean allFit = true;
        openTransactions = 0;
        while (!left.isEmpty()) {
            int pick = nextTransaction(left, state);
            allFit &= pick >= 0;
            if (last) {
                startOpenTransaction(state.virtualTokenReserves);
            }
            TxSignature next = left.get(pick >= 0 ? pick : -pick - 1).signature;
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
        open = last && allFit;
        if (open) {
            openSlot = slot;
            openEnd = state;
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

    /**
     * Index in {@code left} (signature order) of a first entry of the transaction to fold in next: that
     * index when it fits (its first trade starts where the state stands), {@code -index - 1} when it
     * is only where nothing else fits.
     */
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
            if (state.has(CurveState.RESERVES_KNOWN) && reservesBefore(trade) == state.virtualTokenReserves && !creates) {
                return i;
            }
        }
        if (create >= 0 && !state.has(CurveState.RESERVES_KNOWN)) {
            return -create - 1;
        }
        return -(noTrade >= 0 ? noTrade : 0) - 1;
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
        open = false; // chaining again sets it
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
        open = false;
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
