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
 * <p>It keeps the current state (the fold of the base and every entry) up to date as inputs come, so
 * that no input costs a fold of the curve's history unless it must:
 * <ul>
 *   <li>an input that goes last, as the stream brings them, is folded in;</li>
 *   <li>an input that goes before later ones (a block backfilled behind the stream, a gap filled after
 *   an outage) is folded in too when {@link CurveState#foldsLate} says that gives the same state, and
 *   only the slots whose chaining it can change are chained again: a slot's order depends on the
 *   reserves before it, which the nearest input before it that writes reserves decides, so chaining
 *   again stops at the first such input past the change. Without this, each backfilled event re-chained
 *   and re-folded everything after it, and catching up after an outage cost time in proportion to the
 *   square of the backlog;</li>
 *   <li>only a retraction, a slot whose order changed, or an input that writes a field no later one
 *   holds folds the history again.</li>
 * </ul>
 *
 * <p>And of the newest slot's unplaced transactions, when they end its entries and each was chained
 * as the one that fits (no fallback), it keeps the state after them and the reserves each started
 * from (the open run): a trade that starts where they end and where none of them started is where
 * the chaining puts it, last, so it is appended without chaining the slot again. Without it each
 * streamed trade re-chained its slot's others, a cost growing with the square of a busy curve's
 * trades in a slot.
 */
final class CurveHistory {
    private final PublicKey mint;
    /** The state before the first entry; null when the curve did not exist then. */
    private CurveState base;
    final List<JournalEntry> entries = new ArrayList<>(4);
    /** The fold of {@link #base} and every entry; null when the curve does not exist (no base, no entries). */
    private CurveState current;
    /**
     * The fold of {@link #base} and {@code entries[0, foldedCount)}, up to the newest slot as the last fold from
     * scratch left it (null when not known): a slot the stream is still bringing is chained again as its
     * transactions come, and folding it again then starts here, not from the base.
     */
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

    CurveHistory(PublicKey mint, CurveState base) {
        this.mint = mint;
        this.base = base;
        this.current = base == null ? null : base.copy();
    }

    /** Applies final account data to the base (the curve made first when it did not exist then). */
    void applyFinalAccount(long slot, BondingCurve account) {
        if (base == null) {
            base = new CurveState().reset(mint);
        }
        base.applyAccount(slot, account);
        open = false;
        folded = null;
        refold(0);
    }

    /** Inserts {@code e} in chain order and brings the current state up to date. */
    void insert(JournalEntry e) {
        if (appendsToOpenRun(e)) {
            entries.add(e);
            current.apply(e);
            return;
        }
        int i = insertionPoint(e);
        closeOpenRunAt(i);
        entries.add(i, e);
        int reordered = rechainAround(i);
        if (current != null && reordered < 0 && (i == entries.size() - 1 || current.foldsLate(e))) {
            current.apply(e);
            if (i < foldedCount) { // into the cached fold's entries: it takes e the same way, or is dropped
                foldedCount++;
                if (folded != null && folded.foldsLate(e)) {
                    folded.apply(e);
                } else {
                    folded = null;
                    foldedCount = 0;
                }
            }
        } else {
            refold(earliest(i, reordered));
        }
    }

    /** Removes {@code e} (a retracted input) and folds the rest again. */
    void remove(JournalEntry e) {
        int i = indexOf(e);
        if (i >= 0) {
            refold(take(i));
        }
    }

    /** Puts {@code placed} (the same event, its place in the block now known) where {@code unplaced} was, and folds again. */
    void replace(JournalEntry unplaced, JournalEntry placed) {
        int i = indexOf(unplaced);
        if (i < 0) {
            return;
        }
        int changed = take(i);
        int j = insertionPoint(placed);
        closeOpenRunAt(j);
        entries.add(j, placed);
        refold(Math.min(changed, earliest(j, rechainAround(j))));
    }

    /** Removes the entry at {@code i} and chains again what that changes; returns the first index that changed. */
    private int take(int i) {
        closeOpenRunAt(i);
        entries.remove(i);
        return earliest(i, rechainAround(i));
    }

    /** A change at {@code i} into or after the open run closes it: chaining that slot again opens it again. */
    private void closeOpenRunAt(int i) {
        if (open && i >= openRunStart()) {
            open = false;
        }
    }

    /** The first index that changed: {@code i}, or the first reordered slot's ({@code -1} when none) if earlier. */
    private static int earliest(int i, int reordered) {
        return reordered < 0 ? i : Math.min(i, reordered);
    }


    /**
     * Chains again the slots whose unplaced transactions' order an entry added or removed at {@code at}
     * can change (a slot's block read after the stream brought a later slot, a retraction): the slot it
     * is in, and each later slot whose reserves before it depend on what changed; the first input past
     * the changes that writes reserves ends it, since every later slot starts from reserves it or a later
     * one decides.
     *
     * @return the first index of the first slot whose order changed, or -1 when none did
     */
    private int rechainAround(int at) {
        if (entries.isEmpty()) {
            return -1;
        }
        // From the start of the run before the change (an entry removed at `at` may have been in it).
        int k = Math.max(0, Math.min(at, entries.size()) - 1);
        while (k > 0 && sameRun(k - 1, k)) {
            k--;
        }
        int changedTo = at; // the last index something changed at
        int reordered = -1;
        while (k < entries.size()) {
            JournalEntry x = entries.get(k);
            if (!unplaced(x)) {
                if (k > changedTo && CurveState.setsReserves(x)) {
                    break; // every later slot's reserves before it come from here on, unchanged
                }
                k++;
                continue;
            }
            int b = k + 1;
            while (b < entries.size() && sameRun(b - 1, b)) {
                b++;
            }
            if (k > changedTo && nearestReservesWriter(k) > changedTo) {
                break;
            }
            if (chainOrder(k, b)) {
                reordered = reordered < 0 ? k : reordered;
                changedTo = Math.max(changedTo, b - 1);
            }
            k = b;
        }
        return reordered;
    }

    /**
     * Where {@code e} goes: after the entries of earlier slots and those of its slot that come before it
     * (among the slot's unplaced entries, which are in chained order, not sorted, anywhere: they are
     * chained again).
     */
    private int insertionPoint(JournalEntry e) {
        int i = firstOfSlot(e.slot);
        while (i < entries.size() && entries.get(i).slot == e.slot && entries.get(i).compareTo(e) < 0) {
            i++;
        }
        return i;
    }

    private int indexOf(JournalEntry e) {
        for (int i = firstOfSlot(e.slot); i < entries.size() && entries.get(i).slot == e.slot; i++) {
            if (entries.get(i).equals(e)) {
                return i;
            }
        }
        return -1;
    }

    /** The first index whose slot is {@code slot} or later: entries are in slot order. */
    private int firstOfSlot(long slot) {
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).slot < slot) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** True when entries {@code a} and {@code b} are unplaced transactions of one slot. */
    private boolean sameRun(int a, int b) {
        JournalEntry x = entries.get(a);
        JournalEntry y = entries.get(b);
        return x.slot == y.slot && unplaced(x) && unplaced(y);
    }

    /** The index of the last entry before {@code n} that may write reserves; -1 when none does. */
    private int nearestReservesWriter(int n) {
        int j = n - 1;
        while (j >= 0 && !CurveState.setsReserves(entries.get(j))) {
            j--;
        }
        return j;
    }

    /** The first index of the open run (the last entries, unplaced, of {@link #openSlot}). */
    private int openRunStart() {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).slot == openSlot && unplaced(entries.get(i - 1))) {
            i--;
        }
        return i;
    }

    /**
     * The fold of the base and every entry again, entries from {@code changedFrom} on having changed: from the cached
     * fold when it ends at or before them, else from the base; the cache is left at the newest slot's first entry.
     */
    private void refold(int changedFrom) {
        if (base == null && entries.isEmpty()) {
            current = null;
            folded = null;
            foldedCount = 0;
            return;
        }
        CurveState s;
        int k;
        boolean fromCache = folded != null && foldedCount <= changedFrom;
        if (fromCache) {
            s = folded.copy();
            k = foldedCount;
        } else {
            s = base == null ? new CurveState().reset(mint) : base.copy();
            k = 0;
        }
        int newestSlotStart = entries.isEmpty() ? 0 : firstOfSlot(entries.getLast().slot);
        for (; k < entries.size(); k++) {
            if (k == newestSlotStart && !(fromCache && k == foldedCount)) {
                folded = s.copy();
                foldedCount = k;
            }
            s.apply(entries.get(k));
        }
        current = s;
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
     * @param a the run's first index (the slot's unplaced entries, {@code entries[a, b)})
     * @return true when the order changed
     */
    private boolean chainOrder(int a, int b) {
        if (b - a < 2) {
            return false;
        }
        long slot = entries.get(a).slot;
        CurveState state = stateBefore(a);
        // From signature order every time, so that the result depends only on which entries there are,
        // not on the order they came in (a replay after a retraction must give what a fresh book gives).
        List<JournalEntry> left = new ArrayList<>(entries.subList(a, b));
        left.sort(null);
        List<JournalEntry> ordered = new ArrayList<>(left.size());
        boolean last = b == entries.size();
        boolean allFit = true;
        if (last) {
            openTransactions = 0;
        }
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
        if (last) { // an earlier slot chained again leaves the open run as it is: its reserves before it did not change
            open = allFit;
            openSlot = slot;
            openEnd = state;
        }
        return changed;
    }

    /**
     * A new state whose reserves are those of the fold of the base and {@code entries[0, n)}, all the
     * chaining reads: folded from the last entry before {@code n} that may write reserves, since reserves
     * are last writer wins by slot and entries are in slot order (it either wins over what the entries
     * before it left, or loses, as they did, to newer reserves in the base).
     */
    private CurveState stateBefore(int n) {
        int from = Math.max(0, nearestReservesWriter(n));
        CurveState state = base == null ? new CurveState().reset(mint) : base.copy();
        for (int i = from; i < n; i++) {
            state.apply(entries.get(i));
        }
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

    /** Folds the entries at or below {@code slot} into the base: they are final. The current state stays what it is. */
    void settle(long slot) {
        int n = 0;
        while (n < entries.size() && entries.get(n).slot <= slot) {
            if (base == null) {
                base = new CurveState().reset(mint);
            }
            base.apply(entries.get(n));
            n++;
        }
        entries.subList(0, n).clear();
        open = open && !entries.isEmpty();
        // The base is now the fold of the entries it took: the cache still holds for the rest, n entries fewer.
        if (folded != null && foldedCount >= n) {
            foldedCount -= n;
        } else {
            folded = null;
            foldedCount = 0;
        }
    }

    /** Copies the current state into {@code into}; false when the curve then does not exist. */
    boolean replay(CurveState into) {
        if (current == null) {
            return false;
        }
        into.copyFrom(current);
        return true;
    }
}
