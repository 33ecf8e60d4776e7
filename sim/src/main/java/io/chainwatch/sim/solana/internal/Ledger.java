package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated ledger: the canonical block of every kept slot, the commitment levels, transactions
 * found by signature (canonical and abandoned blocks alike, within the history bound), and the
 * {@link SignatureIndex} of the addresses getSignaturesForAddress asks about.
 *
 * <p>A transaction is found by signature in the published view's blocks, newest first, and in an
 * index of the abandoned blocks' transactions only. Appending a block costs no index entry per
 * transaction: in a load run that was a put into a map of millions and a remove when the block left
 * the history, for each of 80,000 transactions a second, an eighth of the simulator's samples. Lookups are
 * rare (getTransaction, a listing's {@code before} and {@code until}) and ask for recent
 * transactions, a few blocks from the tip.
 *
 * <p>Mutated only by the simulator thread ({@link #append}, {@link #abandon}, {@link #publish}).
 * Any thread may call {@link #view()} and {@link #transaction}: the view is an immutable snapshot
 * published through a volatile field, the abandoned index a concurrent map of immutable entries.
 * Readers never see a half-done fork: the simulator abandons and appends, then publishes once.
 *
 * <p>Commitment: a block is confirmed once the tip is {@code confirmationDepth} slots past it, and
 * finalized {@code finalizationDepth} slots past it. Forks only abandon blocks above the confirmed
 * level, so both levels only move forward.
 */
public final class Ledger {
    /** Where a transaction is: its block (canonical or not) and its index in the block. */
    public record TxRef(SolBlock block, int index) {
        public SolTx tx() {
            return block.transactions().get(index);
        }
    }

    /**
     * An abandoned block's transaction in the index of those, key and value in one: equal by its
     * signature alone (the base58 as ASCII that the transaction keeps anyway, {@link SolTx#signatureAscii}).
     * A lookup's probe has no block.
     */
    private static final class Indexed {
        private final byte[] signature;
        private final SolBlock block;
        private final int index;

        Indexed(byte[] signature, SolBlock block, int index) {
            this.signature = signature;
            this.block = block;
            this.index = index;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Indexed i && Arrays.equals(signature, i.signature);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(signature);
        }
    }

    private final int historySlots;
    private final int confirmationDepth;
    private final int finalizationDepth;

    /** The transactions of abandoned blocks still in the history; canonical ones are found in the view. */
    private final ConcurrentHashMap<Indexed, Indexed> abandoned = new ConcurrentHashMap<>();
    /** Most listing ends remembered. */
    private static final int LISTING_ENDS = 1_024;
    /**
     * The last transaction of each recent full page of getSignaturesForAddress, by signature: the next
     * page's {@code before}, found without walking the blocks down to it. Any thread; least recently
     * asked for goes first.
     */
    private final Map<String, TxRef> listingEnds = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TxRef> eldest) {
            return size() > LISTING_ENDS;
        }
    });
    /** Every kept block in production order, to drop the abandoned transactions of those leaving the history. */
    private final ArrayDeque<SolBlock> produced = new ArrayDeque<>();
    private final SignatureIndex signatures = new SignatureIndex();

    private SolBlock[] slots = new SolBlock[1024];
    private long base;
    private long lowest;
    private long tip = -1;
    private long highestSlot = -1;
    private long confirmed;
    private long finalized;
    private long firstSlot = -1;
    private boolean shared;
    private volatile LedgerView view;

    public Ledger(int historySlots, int confirmationDepth, int finalizationDepth) {
        this.historySlots = historySlots;
        this.confirmationDepth = confirmationDepth;
        this.finalizationDepth = finalizationDepth;
    }

    public LedgerView view() {
        return view;
    }

    /**
     * The transaction with this signature in any kept block, or null: in the published view's canonical
     * blocks (newest first), else in an abandoned one. One seen in both is the canonical copy: a
     * transaction of an abandoned block lands again only in a later block.
     */
    public TxRef transaction(String signature) {
        LedgerView v = view;
        TxRef listed = listingEnds.get(signature);
        if (listed != null && v != null && v.block(listed.block().slot()) == listed.block()) {
            return listed; // still canonical, so what the walk would find
        }
        byte[] ascii = signature.getBytes(StandardCharsets.US_ASCII);
        if (v != null) {
            for (long s = v.tip(); s >= v.lowest(); s--) {
                SolBlock b = v.block(s);
                if (b == null) {
                    continue;
                }
                List<SolTx> txs = b.transactions();
                for (int i = 0; i < txs.size(); i++) {
                    if (Arrays.equals(txs.get(i).signatureAscii(), ascii)) {
                        return new TxRef(b, i);
                    }
                }
            }
        }
        Indexed found = abandoned.get(new Indexed(ascii, null, -1));
        return found == null ? null : new TxRef(found.block, found.index);
    }

    /** A listing's page ended at the {@code index}th transaction of {@code block}: its signature may come back as the next page's {@code before}. */
    public void listingEnded(SolBlock block, int index) {
        SolTx t = block.transactions().get(index);
        listingEnds.put(t.signature(), new TxRef(block, index));
    }

    /**
     * Asks for the transactions mentioning {@code address} to be indexed, so that views published
     * from now on list them ({@link LedgerView#signatures}); any thread.
     */
    public void indexSignatures(Pubkey address) {
        signatures.want(address);
    }

    private SolBlock tipBlock() {
        return slots[(int) (tip - base)];
    }

    /** Appends a block on the tip; its slot is above every slot seen so far. */
    void append(SolBlock block) {
        if (firstSlot < 0) {
            firstSlot = block.slot();
            base = block.slot();
            lowest = block.slot();
            confirmed = block.slot();
            finalized = block.slot();
        } else if (block.slot() <= highestSlot || block.parentSlot() != tip) {
            throw new IllegalStateException("block at slot " + block.slot() + " on " + block.parentSlot() + " does not extend tip "
                    + tip + " (highest slot " + highestSlot + ")");
        }
        if (block.slot() - base >= slots.length) {
            regrow(block.slot());
        }
        slots[(int) (block.slot() - base)] = block;
        tip = block.slot();
        highestSlot = block.slot();
        produced.addLast(block);
        signatures.add(block);
    }

    /** A slot passes without a block (its leader produced none). */
    void skip(long slot) {
        if (slot <= highestSlot) {
            throw new IllegalStateException("slot " + slot + " is not after the highest slot " + highestSlot);
        }
        highestSlot = slot;
    }

    /** Canonical blocks above the confirmed level, newest last: what a fork may abandon. */
    int unconfirmedBlocks() {
        int n = 0;
        for (long s = tip; s > confirmed; s--) {
            if (slots[(int) (s - base)] != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Takes the newest {@code depth} canonical blocks off the chain and returns them, newest first;
     * the tip goes back to their parent. They stay findable by signature. Nothing is visible until
     * {@link #publish}.
     */
    List<SolBlock> abandon(int depth) {
        if (depth < 1 || depth > unconfirmedBlocks()) {
            throw new IllegalArgumentException("fork depth: need 1.." + unconfirmedBlocks()
                    + " (the blocks above the confirmed slot " + confirmed + "), got " + depth);
        }
        if (shared) {
            slots = slots.clone();
            shared = false;
        }
        List<SolBlock> gone = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            SolBlock b = tipBlock();
            slots[(int) (tip - base)] = null;
            gone.add(b);
            List<SolTx> txs = b.transactions();
            for (int t = 0; t < txs.size(); t++) {
                Indexed tx = new Indexed(txs.get(t).signatureAscii(), b, t);
                abandoned.put(tx, tx);
            }
            tip = b.parentSlot();
        }
        return gone;
    }

    /** Moves the commitment levels on, prunes history beyond the bound, and makes the ledger visible to all threads. */
    LedgerView publish() {
        confirmed = Math.max(confirmed, newestBlockAtOrBelow(tip - confirmationDepth, confirmed));
        finalized = Math.max(finalized, newestBlockAtOrBelow(tip - finalizationDepth, finalized));
        if (highestSlot - lowest + 1 > historySlots) {
            lowest = Math.min(highestSlot - historySlots + 1, finalized);
        }
        while (!produced.isEmpty() && produced.peekFirst().slot() < lowest) {
            SolBlock gone = produced.pollFirst();
            if (abandoned.isEmpty()) {
                continue;
            }
            List<SolTx> txs = gone.transactions();
            for (int t = 0; t < txs.size(); t++) {
                // Only its own entry: a canonical copy elsewhere is not in the index, an abandoned one in a later block stays.
                Indexed probe = new Indexed(txs.get(t).signatureAscii(), null, -1);
                Indexed held = abandoned.get(probe);
                if (held != null && held.block == gone) {
                    abandoned.remove(probe);
                }
            }
        }
        LedgerView published = new LedgerView(slots, base, lowest, tip, confirmed, finalized, firstSlot,
                signatures.publish(lowest, produced));
        shared = true;
        view = published;
        return published;
    }

    private long newestBlockAtOrBelow(long slot, long floor) {
        for (long s = slot; s > floor; s--) {
            if (s <= tip && s >= lowest && slots[(int) (s - base)] != null) {
                return s;
            }
        }
        return floor;
    }

    /** Moves the kept slots to a new array with room to grow; old views keep the old array. */
    private void regrow(long needed) {
        long live = Math.max(0, highestSlot - lowest + 1);
        SolBlock[] next = new SolBlock[(int) Math.max(1024, 2 * (needed - lowest + 1))];
        if (live > 0) {
            System.arraycopy(slots, (int) (lowest - base), next, 0, (int) Math.min(live, slots.length - (lowest - base)));
        }
        slots = next;
        base = lowest;
        shared = false;
    }
}
