package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;

import java.util.ArrayList;
import java.util.List;

/**
 * What one curve's state is made of while some of its inputs are unfinalized: the state before them
 * (the base) and those inputs in chain order. Undoing one is removing it and replaying the rest on the
 * base, so the result is always what the remaining inputs give, whatever order slots die in.
 */
final class CurveHistory {
    /** The state before the first entry; null when the curve did not exist then. */
    CurveState base;
    final List<JournalEntry> entries = new ArrayList<>(4);

    CurveHistory(CurveState base) {
        this.base = base;
    }

    /** Inserts in chain order; true when {@code e} went last, so the current state need only fold it in. */
    boolean insert(JournalEntry e) {
        int i = entries.size();
        while (i > 0 && entries.get(i - 1).compareTo(e) > 0) {
            i--;
        }
        entries.add(i, e);
        return i == entries.size() - 1;
    }

    void remove(JournalEntry e) {
        entries.remove(e);
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
    }

    /** Replays base and entries into {@code into}; false when the curve then does not exist. */
    boolean replay(CurveState into, PublicKey mint) {
        if (base == null && entries.isEmpty()) {
            return false;
        }
        if (base == null) {
            into.reset(mint);
        } else {
            into.copyFrom(base);
        }
        for (JournalEntry e : entries) {
            into.apply(e);
        }
        return true;
    }
}
