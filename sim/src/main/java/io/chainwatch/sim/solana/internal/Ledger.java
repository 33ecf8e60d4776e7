package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated ledger: the canonical block of every kept slot, the commitment levels, and an index
 * of transactions by signature (canonical and abandoned blocks alike, within the history bound), and
 * the {@link SignatureIndex} of the addresses getSignaturesForAddress asks about.
 *
 * <p>Mutated only by the simulator thread ({@link #append}, {@link #abandon}, {@link #publish}).
 * Any thread may call {@link #view()} and {@link #transaction}: the view is an immutable snapshot
 * published through a volatile field, the index a concurrent map of immutable entries. Readers never
 * see a half-done fork: the simulator abandons and appends, then publishes once.
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
     * A transaction in the signature index, key and value in one: equal by its signature alone (the
     * base58 as ASCII that the transaction keeps anyway, {@link SolTx#signatureAscii}), so that the
     * index adds neither a copy of the text nor a second object for each of the hundreds of thousands
     * of transactions kept. A lookup's probe has no block.
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
    /** Signatures indexed at most when sizing the index at start. */
    private static final int MAX_PRESIZED_SIGNATURES = 1 << 23;

    private final ConcurrentHashMap<Indexed, Indexed> bySignature;
    /** Every kept block in production order, to prune the signature index. */
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

    /**
     * @param transactionsPerSlot about how many transactions a block holds: the signature index is
     *                            sized for the history at start, so that a load run does not grow
     *                            (rehash) it while the ledger fills
     */
    public Ledger(int historySlots, int confirmationDepth, int finalizationDepth, int transactionsPerSlot) {
        this.bySignature = new ConcurrentHashMap<>((int) Math.min(MAX_PRESIZED_SIGNATURES, (long) historySlots * transactionsPerSlot));
        this.historySlots = historySlots;
        this.confirmationDepth = confirmationDepth;
        this.finalizationDepth = finalizationDepth;
    }

    public LedgerView view() {
        return view;
    }

    /** The transaction with this signature in any kept block, canonical or not, or null. */
    public TxRef transaction(String signature) {
        Indexed found = bySignature.get(new Indexed(signature.getBytes(StandardCharsets.US_ASCII), null, -1));
        return found == null ? null : new TxRef(found.block, found.index);
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
        List<SolTx> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Indexed tx = new Indexed(txs.get(i).signatureAscii(), block, i);
            bySignature.put(tx, tx);
        }
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
            for (SolTx t : produced.pollFirst().transactions()) {
                bySignature.remove(new Indexed(t.signatureAscii(), null, -1));
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
