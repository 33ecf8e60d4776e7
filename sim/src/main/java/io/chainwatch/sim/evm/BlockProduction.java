package io.chainwatch.sim.evm;

/** How the simulator produces blocks. */
public sealed interface BlockProduction {

    /** Only {@link EvmSimulator#mineBlock()}, {@link EvmSimulator#mineBlocks(int)} and reorg calls make blocks. */
    record Manual() implements BlockProduction {
    }

    /** One block every {@code intervalMs}, as a node with a fixed slot time. */
    record Timed(long intervalMs) implements BlockProduction {
        public Timed {
            if (intervalMs < 1) {
                throw new IllegalArgumentException("production.intervalMs: need at least 1, got " + intervalMs);
            }
        }
    }

    /**
     * Like {@link Timed}, but the first {@code blocks} blocks are all mined when the simulator
     * starts, before it serves anything, and then released one every {@code intervalMs}; after
     * they run out, blocks are mined live. For load runs: the cost of making the swaps then falls
     * outside the measured window, and what is measured is serving them and what reads them.
     */
    record Prepared(long intervalMs, int blocks) implements BlockProduction {
        public Prepared {
            if (intervalMs < 1) {
                throw new IllegalArgumentException("production.intervalMs: need at least 1, got " + intervalMs);
            }
            if (blocks < 1) {
                throw new IllegalArgumentException("production.blocks: need at least 1, got " + blocks);
            }
        }
    }

    /**
     * Back-to-back blocks, each made only when every WebSocket subscriber has room in its queue for
     * the whole block: the chain runs as fast as the slowest subscriber reads. With no subscriber
     * the chain waits.
     */
    record Load() implements BlockProduction {
    }

    static BlockProduction manual() {
        return new Manual();
    }

    static BlockProduction everyMs(long intervalMs) {
        return new Timed(intervalMs);
    }

    static BlockProduction prepared(long intervalMs, int blocks) {
        return new Prepared(intervalMs, blocks);
    }

    static BlockProduction load() {
        return new Load();
    }
}
