package io.chainwatch.sim.evm;

import java.util.List;

/**
 * What one reorg did.
 *
 * @param orphaned the blocks that left the canonical chain, oldest first
 * @param adopted  the blocks that replaced them, oldest first; never fewer than {@code orphaned}
 */
public record Reorg(List<SimBlock> orphaned, List<SimBlock> adopted) {
    public Reorg {
        orphaned = List.copyOf(orphaned);
        adopted = List.copyOf(adopted);
    }

    /** Number of the last block both chains share. */
    public long forkNumber() {
        return orphaned.getFirst().number() - 1;
    }
}
