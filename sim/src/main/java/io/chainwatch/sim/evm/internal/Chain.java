package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Hash32;
import io.chainwatch.sim.evm.SimBlock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical chain and every block ever produced (canonical or orphaned), within the history
 * bound.
 *
 * <p>Mutated only by the simulator thread ({@link #append}, {@link #rewind}, {@link #publish}).
 * Any thread may call {@link #view()} and {@link #byHash}: the view is an immutable snapshot
 * published through a volatile field, and the hash index is a concurrent map of immutable blocks.
 * Readers never see a half-done reorg: the simulator rewinds and appends, then publishes once.
 */
public final class Chain {
    private final int historyBlocks;
    private final ConcurrentHashMap<Hash32, SimBlock> byHash = new ConcurrentHashMap<>();
    /** Every kept block in production order, to prune the hash index. */
    private final ArrayDeque<SimBlock> produced = new ArrayDeque<>();

    private SimBlock[] slots = new SimBlock[256];
    private long slotBase;
    private long lowest;
    private long head = -1;
    private long logCount;
    /** True once a published view shares {@link #slots}: slots at or below its head are frozen. */
    private boolean slotsShared;
    private volatile ChainView view;

    public Chain(int historyBlocks) {
        this.historyBlocks = historyBlocks;
    }

    public ChainView view() {
        return view;
    }

    /** Any kept block with this hash, canonical or orphaned, or null. */
    public SimBlock byHash(Hash32 hash) {
        return byHash.get(hash);
    }

    SimBlock headBlock() {
        return slots[(int) (head - slotBase)];
    }

    long head() {
        return head;
    }

    void append(SimBlock block) {
        if (block.number() != head + 1) {
            throw new IllegalStateException("block " + block.number() + " does not extend head " + head);
        }
        if (head >= 0 && !block.parentHash().equals(headBlock().hash())) {
            throw new IllegalStateException("block " + block.number() + " parent " + block.parentHash() + " is not the head");
        }
        if (block.number() - slotBase >= slots.length) {
            regrow();
        }
        slots[(int) (block.number() - slotBase)] = block;
        head = block.number();
        logCount += block.logs().size();
        byHash.put(block.hash(), block);
        produced.addLast(block);
    }

    /**
     * Takes the last {@code depth} blocks off the canonical chain and returns them, oldest first.
     * They stay findable by hash. Nothing is visible to readers until {@link #publish}.
     */
    List<SimBlock> rewind(int depth) {
        if (depth < 1 || head - depth < lowest) {
            throw new IllegalArgumentException("cannot rewind " + depth + " blocks: head " + head + ", lowest kept " + lowest);
        }
        if (slotsShared) {
            slots = slots.clone();
            slotsShared = false;
        }
        List<SimBlock> orphaned = new ArrayList<>(depth);
        for (long n = head - depth + 1; n <= head; n++) {
            int i = (int) (n - slotBase);
            orphaned.add(slots[i]);
            logCount -= slots[i].logs().size();
            slots[i] = null;
        }
        head -= depth;
        return orphaned;
    }

    /** Prunes history beyond the bound and makes the current chain visible to all threads. */
    ChainView publish() {
        if (head - lowest + 1 > historyBlocks) {
            lowest = head - historyBlocks + 1;
        }
        while (!produced.isEmpty() && produced.peekFirst().number() < lowest) {
            byHash.remove(produced.pollFirst().hash());
        }
        ChainView published = new ChainView(slots, slotBase, lowest, head, logCount);
        slotsShared = true;
        view = published;
        return published;
    }

    /**
     * Moves the kept blocks to a new array with room to grow; old views keep the old array. Sized
     * from the kept span, so pruned blocks are released at the latest after as many new blocks.
     */
    private void regrow() {
        long live = Math.max(0, head - lowest + 1);
        SimBlock[] next = new SimBlock[(int) Math.max(64, 2 * live + 2)];
        if (live > 0) {
            System.arraycopy(slots, (int) (lowest - slotBase), next, 0, (int) live);
        }
        slots = next;
        slotBase = lowest;
        slotsShared = false;
    }
}
