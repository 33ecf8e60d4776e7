package io.chainwatch.sim.evm;

import java.time.InstantSource;
import java.util.Objects;

/**
 * Everything that shapes one simulated chain. Checked once here; the simulator never replaces a
 * value.
 *
 * @param chainId          answered by eth_chainId and net_version
 * @param seed             seeds the one random generator: the same seed and the same calls give
 *                         the same blocks, hashes and swaps
 * @param factories        Uniswap V2 factories
 * @param pairsPerFactory  pairs each factory creates in block 1; every factory lists the same token
 *                         pairs, so prices can be compared across them
 * @param endpoints        RPC endpoints (each an HTTP and WebSocket server on its own port)
 * @param production       how blocks are made
 * @param swapsPerBlock    swaps in every produced block (each a Sync and a Swap log); one block in
 *                         ten also carries a mint or a burn
 * @param reorgProbability chance that a timed or load tick replaces the last 1 to 3 blocks instead
 *                         of only extending the chain
 * @param historyBlocks    most recent block numbers kept (canonical and orphaned); older blocks are
 *                         pruned and answered like a pruned node does
 * @param limits           provider-like RPC limits
 * @param clock            source of block timestamps
 */
public record SimConfig(
        long chainId,
        long seed,
        int factories,
        int pairsPerFactory,
        int endpoints,
        BlockProduction production,
        int swapsPerBlock,
        double reorgProbability,
        int historyBlocks,
        RpcLimits limits,
        InstantSource clock) {

    /** Blocks that must stay in history so that subscriptions can retract reorged logs. */
    public static final int MIN_HISTORY_BLOCKS = 128;

    public SimConfig {
        Objects.requireNonNull(production, "sim.production");
        Objects.requireNonNull(limits, "sim.limits");
        Objects.requireNonNull(clock, "sim.clock");
        if (chainId < 1) {
            throw new IllegalArgumentException("sim.chainId: need at least 1, got " + chainId);
        }
        requireBetween("sim.factories", factories, 1, 16);
        requireBetween("sim.pairsPerFactory", pairsPerFactory, 1, 1_000);
        requireBetween("sim.endpoints", endpoints, 1, 32);
        requireBetween("sim.swapsPerBlock", swapsPerBlock, 0, 100_000);
        if (!(reorgProbability >= 0 && reorgProbability <= 1)) {
            throw new IllegalArgumentException("sim.reorgProbability: need 0..1, got " + reorgProbability);
        }
        if (historyBlocks < MIN_HISTORY_BLOCKS) {
            throw new IllegalArgumentException("sim.historyBlocks: need at least " + MIN_HISTORY_BLOCKS + ", got " + historyBlocks);
        }
        int perBlock = maxMessagesPerBlock(swapsPerBlock);
        if (production instanceof BlockProduction.Load && limits.subscriberQueueMessages() < 2 * perBlock) {
            throw new IllegalArgumentException("sim.limits.subscriberQueueMessages: load production of " + swapsPerBlock
                    + " swaps per block needs at least " + 2 * perBlock + ", got " + limits.subscriberQueueMessages());
        }
    }

    /** Tests: two factories of three pairs, two endpoints, blocks only on request. */
    public static SimConfig manual(long seed) {
        return new SimConfig(1, seed, 2, 3, 2, BlockProduction.manual(), 4, 0.0, 1_000_000,
                RpcLimits.defaults(), InstantSource.system());
    }

    /** {@code chainwatch demo}: three endpoints, a block every 250 ms, now and then a short reorg. */
    public static SimConfig demo(long seed) {
        return new SimConfig(1, seed, 2, 4, 3, BlockProduction.everyMs(250), 10, 0.02, 1_000_000,
                RpcLimits.defaults(), InstantSource.system());
    }

    /**
     * Benchmarks: one endpoint, blocks of 1,000 swap logs as fast as subscribers read them. Keeps
     * only the last 128 blocks and queues at most four blocks per subscriber, so that the heap
     * holds little that the collector must copy.
     */
    public static SimConfig load(long seed) {
        return new SimConfig(1, seed, 1, 16, 1, BlockProduction.load(), 500, 0.0, MIN_HISTORY_BLOCKS,
                new RpcLimits(10_000, 10_000, 4 * maxMessagesPerBlock(500)), InstantSource.system());
    }

    public SimConfig withProduction(BlockProduction p) {
        return new SimConfig(chainId, seed, factories, pairsPerFactory, endpoints, p, swapsPerBlock, reorgProbability,
                historyBlocks, limits, clock);
    }

    public SimConfig withEndpoints(int n) {
        return new SimConfig(chainId, seed, factories, pairsPerFactory, n, production, swapsPerBlock, reorgProbability,
                historyBlocks, limits, clock);
    }

    public SimConfig withSwapsPerBlock(int n) {
        return new SimConfig(chainId, seed, factories, pairsPerFactory, endpoints, production, n, reorgProbability,
                historyBlocks, limits, clock);
    }

    public SimConfig withReorgProbability(double p) {
        return new SimConfig(chainId, seed, factories, pairsPerFactory, endpoints, production, swapsPerBlock, p,
                historyBlocks, limits, clock);
    }

    public SimConfig withLimits(RpcLimits l) {
        return new SimConfig(chainId, seed, factories, pairsPerFactory, endpoints, production, swapsPerBlock,
                reorgProbability, historyBlocks, l, clock);
    }

    public SimConfig withClock(InstantSource c) {
        return new SimConfig(chainId, seed, factories, pairsPerFactory, endpoints, production, swapsPerBlock,
                reorgProbability, historyBlocks, limits, c);
    }

    /** Upper bound of WebSocket messages one block can cause per subscription set of one connection. */
    public static int maxMessagesPerBlock(int swapsPerBlock) {
        return 2 * swapsPerBlock + 4;
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": need " + min + ".." + max + ", got " + value);
        }
    }
}
