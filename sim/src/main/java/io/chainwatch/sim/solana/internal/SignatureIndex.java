package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What getSignaturesForAddress lists, kept per address: the transactions of the kept blocks
 * (canonical and abandoned alike) that mention it, in ledger order (slot, then index in the block),
 * each with what the text of its entry is copied from. A listing walks only its address's entries
 * instead of every transaction of every slot it passes, and copies their text instead of writing it.
 *
 * <p>Addresses are indexed once asked about ({@link #want}, any thread; at most
 * {@link #MAX_ADDRESSES}, the rest are listed by walking the blocks); the simulator thread builds the
 * index of a wanted address from the kept blocks at the next publish, adds each appended block's
 * transactions to every index, and publishes with each {@link LedgerView} an immutable
 * {@link Listing} per address, cut at the view's lowest slot: a view and its listings always agree.
 * Which entries a view shows (canonical blocks at or below a commitment level) is decided when
 * listing, as for the blocks themselves.
 *
 * <p>Ownership: the growing arrays are owned by the simulator thread ({@link #add}, {@link #publish});
 * it only writes past the end of what it published, so a published listing never changes.
 */
final class SignatureIndex {
    /** Addresses indexed at most; a listing of any other address walks the blocks. */
    static final int MAX_ADDRESSES = 64;

    /**
     * One transaction of a listing, with its slot and what its entry's text is written from
     * ({@link ListingText#add}): {@code blockText}, the text of its block's entries around the rest
     * ({@link ListingText#blockText}), shared by the entries of one block; its error, one of a few texts;
     * its signature's base58, the array the transaction keeps ({@link SolTx#signatureAscii}).
     * Listing reads the entries and their text, and compares {@code block} by reference only: the blocks
     * themselves, made long before and cold in the cache, are not read. (The entry's text whole, kept
     * as a String, took some 200 bytes for each transaction of the history that mentions an indexed
     * program.)
     */
    record Entry(long slot, int index, SolBlock block, byte[] blockText, byte[] signature, String errJson) {
        /** Whether this entry comes before the transaction at ({@code slot}, {@code index}) in ledger order. */
        boolean before(long slot, int index) {
            return this.slot < slot || this.slot == slot && this.index < index;
        }
    }

    /** The entries of one address as one view shows them: {@code entries[from..to)}, oldest first. Immutable. */
    record Listing(Entry[] entries, int from, int to) {
        static final Listing EMPTY = new Listing(new Entry[0], 0, 0);

        /** The number of entries before the transaction at ({@code slot}, {@code index}): where a listing below it starts. */
        int countBefore(long slot, int index) {
            int lo = from;
            int hi = to;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (entries[mid].before(slot, index)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** The index of one address; simulator thread only. */
    private static final class Growing {
        private Entry[] entries = new Entry[256];
        private int from;
        private int to;
        private Listing published = Listing.EMPTY;

        void add(Entry e) {
            if (to == entries.length) {
                // Compact into a new array (published listings keep the old one): the pruned entries go, room doubles for the live ones.
                Entry[] next = new Entry[Math.max(256, 2 * (to - from))];
                System.arraycopy(entries, from, next, 0, to - from);
                to -= from;
                from = 0;
                entries = next;
            }
            entries[to++] = e;
        }

        Listing publish(long lowest) {
            while (from < to && entries[from].slot() < lowest) {
                from++;
            }
            if (published.entries() != entries || published.from() != from || published.to() != to) {
                published = new Listing(entries, from, to);
            }
            return published;
        }
    }

    private final Set<Pubkey> wanted = ConcurrentHashMap.newKeySet();
    private final Map<Pubkey, Growing> indexes = new HashMap<>();

    /** Asks for {@code address} to be indexed from the next publish on; any thread. */
    void want(Pubkey address) {
        if (wanted.size() < MAX_ADDRESSES) {
            wanted.add(address);
        }
    }

    /** Adds a block's transactions to every index; simulator thread, in ledger order. */
    void add(SolBlock b) {
        for (Map.Entry<Pubkey, Growing> e : indexes.entrySet()) {
            add(e.getKey(), e.getValue(), b);
        }
    }

    /**
     * Indexes the newly wanted addresses from {@code kept} (every kept block, in ledger order), cuts
     * every index at {@code lowest}, and returns the listings to publish; simulator thread.
     */
    Map<Pubkey, Listing> publish(long lowest, Iterable<SolBlock> kept) {
        if (wanted.size() > indexes.size()) {
            for (Pubkey a : wanted) {
                if (!indexes.containsKey(a)) {
                    Growing g = new Growing();
                    for (SolBlock b : kept) {
                        add(a, g, b);
                    }
                    indexes.put(a, g);
                }
            }
        }
        if (indexes.isEmpty()) {
            return Map.of();
        }
        Map<Pubkey, Listing> out = HashMap.newHashMap(indexes.size());
        for (Map.Entry<Pubkey, Growing> e : indexes.entrySet()) {
            out.put(e.getKey(), e.getValue().publish(lowest));
        }
        return Map.copyOf(out);
    }

    private static void add(Pubkey address, Growing g, SolBlock b) {
        var txs = b.transactions();
        byte[] text = null;
        for (int i = 0; i < txs.size(); i++) {
            SolTx t = txs.get(i);
            if (t.mentions(address)) {
                text = text != null ? text : ListingText.blockText(b);
                g.add(new Entry(b.slot(), i, b, text, t.signatureAscii(), t.errJson()));
            }
        }
    }
}
