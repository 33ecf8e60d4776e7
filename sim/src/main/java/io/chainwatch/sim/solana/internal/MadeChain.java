package io.chainwatch.sim.solana.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The chain as the simulator has made it, which runs ahead of the {@link Ledger} while made slots
 * wait for release: its tip, its confirmed level (by the ledger's rule, so that it is the level the
 * ledger will show when the slot made next is released), and the blocks above that level with what
 * undoes their trades, which is what a fork may abandon. Skipped slots change nothing here.
 *
 * <p>Owned by the simulator thread; not thread-safe.
 */
final class MadeChain {
    /** A made block above the confirmed level and the undo log of its trades. */
    private record Unconfirmed(SolBlock block, PumpMarket.BlockUndo undo) {
    }

    private final int confirmationDepth;
    /** Canonical made blocks above the confirmed level, oldest first. */
    private final ArrayDeque<Unconfirmed> unconfirmed = new ArrayDeque<>();
    private SolBlock confirmedBlock;
    private SolBlock tip;

    /** Starts from the first block, which is confirmed from the start, as the ledger takes it. */
    MadeChain(SolBlock first, int confirmationDepth) {
        this.confirmationDepth = confirmationDepth;
        this.confirmedBlock = first;
        this.tip = first;
    }

    /** The newest canonical block made: the parent of the next one. */
    SolBlock tip() {
        return tip;
    }

    /** Canonical made blocks above the confirmed level, as {@link Ledger#unconfirmedBlocks} will count them. */
    int unconfirmedBlocks() {
        return unconfirmed.size();
    }

    /** A block made on the tip; moves the confirmed level on as the ledger's publish will. */
    void append(SolBlock block, PumpMarket.BlockUndo undo) {
        unconfirmed.addLast(new Unconfirmed(block, undo));
        tip = block;
        // Ledger: confirmed = the newest canonical block at or below tip - depth, if above the current level.
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().block().slot() <= tip.slot() - confirmationDepth) {
            confirmedBlock = unconfirmed.pollFirst().block();
        }
    }

    /**
     * Takes the newest {@code depth} blocks off the made chain; the tip goes back to their parent.
     * Returns their undo logs, newest first, the order in which the market must apply them.
     */
    List<PumpMarket.BlockUndo> abandon(int depth) {
        if (depth < 1 || depth > unconfirmed.size()) {
            throw new IllegalArgumentException("fork depth: need 1.." + unconfirmed.size()
                    + " (the blocks above the confirmed slot " + confirmedBlock.slot() + "), got " + depth);
        }
        List<PumpMarket.BlockUndo> undo = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            undo.add(unconfirmed.pollLast().undo());
        }
        tip = unconfirmed.isEmpty() ? confirmedBlock : unconfirmed.peekLast().block();
        return undo;
    }
}
