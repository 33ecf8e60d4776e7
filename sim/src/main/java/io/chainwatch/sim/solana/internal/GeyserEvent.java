package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Commitment;

/**
 * One thing a Geyser endpoint announced about one block, in the order it announced it: the block
 * reached a commitment level, or a fork abandoned it after it was announced at processed. The
 * endpoint's replay log is a list of these; each subscription turns them into its updates.
 * Immutable.
 */
sealed interface GeyserEvent {
    SolBlock block();

    default long slot() {
        return block().slot();
    }

    /** {@code block} reached {@code level} on the endpoint (as it shows the ledger, lag included). */
    record Reached(Commitment level, SolBlock block) implements GeyserEvent {
    }

    /** A fork abandoned {@code block}, built on {@code forkSlot}; it never becomes confirmed. */
    record Dead(SolBlock block, long forkSlot) implements GeyserEvent {
        String error() {
            return "abandoned by a fork: the chain continues from slot " + forkSlot + " without slot " + block.slot();
        }
    }
}
