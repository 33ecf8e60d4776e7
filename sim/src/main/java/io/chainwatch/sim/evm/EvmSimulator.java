package io.chainwatch.sim.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.sim.evm.internal.Chain;
import io.chainwatch.sim.evm.internal.FaultState;
import io.chainwatch.sim.evm.internal.JsonRpcDispatcher;
import io.chainwatch.sim.evm.internal.NotificationHub;
import io.chainwatch.sim.evm.internal.SimulatorLoop;
import io.chainwatch.sim.evm.internal.Subscription;
import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.internal.EndpointServer;
import io.chainwatch.sim.internal.MildChaos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated EVM chain with Uniswap V2 pairs, served over real Ethereum JSON-RPC (HTTP and
 * WebSocket) on several loopback endpoints, each with its own fault switches.
 *
 * <p>One simulator thread owns the chain; this class is a thread-safe handle. The ground-truth
 * methods read the latest published snapshot; {@link #mineBlock()}, {@link #mineBlocks(int)} and
 * {@link #reorg(int)} run on the simulator thread and return once every endpoint has the change
 * queued for its subscribers.
 *
 * <pre>{@code
 * try (EvmSimulator sim = EvmSimulator.start(SimConfig.manual(42))) {
 *     URI rpc = sim.endpoint(0).httpUrl();
 *     sim.mineBlocks(10);
 * }
 * }</pre>
 */
public final class EvmSimulator implements AutoCloseable {
    private final SimConfig config;
    private final Chain chain;
    private final SimulatorLoop loop;
    private final List<SimEndpoint> endpoints;
    /** Guarded by this. */
    private final List<MildChaos> chaos = new ArrayList<>();

    private EvmSimulator(SimConfig config, Chain chain, SimulatorLoop loop, List<SimEndpoint> endpoints) {
        this.config = config;
        this.chain = chain;
        this.loop = loop;
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Makes genesis and block 1 (every PairCreated and each pair's first Mint), opens the
     * endpoints and starts producing blocks as {@link SimConfig#production()} says.
     */
    public static EvmSimulator start(SimConfig config) {
        Chain chain = new Chain(config.historyBlocks());
        List<FaultState> faults = new ArrayList<>();
        List<EndpointCounters> counters = new ArrayList<>();
        List<NotificationHub> hubs = new ArrayList<>();
        for (int i = 0; i < config.endpoints(); i++) {
            long seed = config.seed() * 31 + i + 1;
            faults.add(new FaultState(seed));
            counters.add(new EndpointCounters());
            hubs.add(new NotificationHub(faults.get(i), counters.get(i), ~seed));
        }
        SimulatorLoop loop = new SimulatorLoop(config, chain, hubs);
        List<SimEndpoint> endpoints = new ArrayList<>();
        try {
            for (int i = 0; i < config.endpoints(); i++) {
                JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(config.chainId(), chain, faults.get(i), config.limits(),
                        counters.get(i), config.seed() ^ (0x5DEECE66DL * (i + 1)));
                EndpointServer<Subscription> server = new EndpointServer<>("evm-sim", dispatcher::answer, hubs.get(i).connections(),
                        faults.get(i)::snapshot, counters.get(i), config.limits().subscriberQueueMessages());
                endpoints.add(new SimEndpoint(i, server, faults.get(i), counters.get(i), hubs.get(i), loop::refresh));
                server.start();
            }
        } catch (RuntimeException e) {
            endpoints.forEach(SimEndpoint::down);
            throw e;
        }
        loop.start();
        return new EvmSimulator(config, chain, loop, endpoints);
    }

    public SimConfig config() {
        return config;
    }

    public SimEndpoint endpoint(int index) {
        if (index < 0 || index >= endpoints.size()) {
            throw new IllegalArgumentException("endpoint index: need 0.." + (endpoints.size() - 1) + ", got " + index);
        }
        return endpoints.get(index);
    }

    public List<SimEndpoint> endpoints() {
        return endpoints;
    }

    public SimBlock mineBlock() {
        return loop.mine(1).getFirst();
    }

    /** Mines {@code n} blocks one after the other; subscribers get each as its own head. */
    public List<SimBlock> mineBlocks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("mineBlocks: need at least 1, got " + n);
        }
        return loop.mine(n);
    }

    /** Replaces the last {@code depth} blocks with as many different ones (new hashes, new swaps). */
    public Reorg reorg(int depth) {
        return reorg(depth, depth);
    }

    /**
     * Replaces the last {@code depth} blocks with {@code newBlocks} different ones.
     *
     * @throws IllegalArgumentException when {@code newBlocks < depth}, when the depth exceeds
     *                                  {@value NotificationHub#DELIVERED_LIMIT}, or when it would
     *                                  replace block 1 (pair creation)
     */
    public Reorg reorg(int depth, int newBlocks) {
        if (depth < 1 || depth > NotificationHub.DELIVERED_LIMIT) {
            throw new IllegalArgumentException("reorg depth: need 1.." + NotificationHub.DELIVERED_LIMIT + ", got " + depth);
        }
        if (newBlocks < depth) {
            throw new IllegalArgumentException("reorg newBlocks: the new chain must be at least as long, need >= " + depth
                    + ", got " + newBlocks);
        }
        return loop.reorg(depth, newBlocks);
    }

    /** The canonical head now. */
    public SimBlock head() {
        return chain.view().headBlock();
    }

    /** The canonical block {@code number}; empty above the head or when pruned. */
    public Optional<SimBlock> canonicalBlock(long number) {
        return Optional.ofNullable(chain.view().block(number));
    }

    /** Any kept block with this hash, canonical or orphaned. */
    public Optional<SimBlock> blockByHash(Hash32 hash) {
        return Optional.ofNullable(chain.byHash(hash));
    }

    /** True when the block with this hash is on the canonical chain now. */
    public boolean isCanonical(Hash32 hash) {
        SimBlock b = chain.byHash(hash);
        return b != null && b.equals(chain.view().block(b.number()));
    }

    /** A pair's reserves after canonical block {@code blockNumber}; empty for unknown pairs or blocks. */
    public Optional<Reserves> reservesAt(Address pair, long blockNumber) {
        return canonicalBlock(blockNumber).map(b -> b.reserves().get(pair));
    }

    public List<SimPair> pairs() {
        return loop.pairs();
    }

    public List<Address> factories() {
        return loop.factories();
    }

    /** Logs on the canonical chain from genesis to the head. */
    public long canonicalLogCount() {
        return chain.view().canonicalLogCount();
    }

    /**
     * From now on, every {@code period} or so, gives endpoint {@code index} one mild fault for a
     * while (latency, a few errors, a short lag, a few dropped notifications, or a second down),
     * then heals it. For the demo; tests switch faults themselves.
     */
    public synchronized void startMildChaos(int index, Duration period) {
        MildChaos c = new MildChaos("evm-sim", endpoint(index), period, config.seed() + 7919L * (index + 1));
        chaos.add(c);
        c.start();
    }

    /** Stops block production and closes every endpoint. */
    @Override
    public void close() {
        synchronized (this) {
            chaos.forEach(MildChaos::close);
            chaos.clear();
        }
        loop.close();
        for (SimEndpoint e : endpoints) {
            e.down();
        }
    }
}
