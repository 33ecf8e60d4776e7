package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.sim.evm.BlockProduction;
import io.chainwatch.sim.evm.Reorg;
import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.sim.evm.SimPair;
import io.chainwatch.sim.internal.SimThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator thread: the one owner of the chain, the market and the chain's random source.
 * Other threads ask it for blocks and reorgs through a bounded command queue and wait for the
 * result; it publishes each change as an immutable {@link ChainView} and hands it to every
 * endpoint's {@link NotificationHub}.
 *
 * <p>Genesis and the pair-creation block are made by the constructing thread before
 * {@link #start()}; from then on only the simulator thread touches chain, market and random.
 */
public final class SimulatorLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorLoop.class);
    /** Share of blocks that also carry a mint or a burn. */
    private static final double LIQUIDITY_EVENT_CHANCE = 0.1;
    private static final int MAX_RANDOM_REORG_DEPTH = 3;
    /** Load production stops waiting for a subscriber this slow; the next block overflows and drops it. */
    private static final long LOAD_STALL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private sealed interface Command {
        record Mine(int blocks, CompletableFuture<List<SimBlock>> done) implements Command {
        }

        record Rewrite(int depth, int newBlocks, CompletableFuture<Reorg> done) implements Command {
        }

        /** Faults changed what an endpoint shows: let the hubs catch up now, not at the next block. */
        record Refresh() implements Command {
        }
    }

    private final SimConfig config;
    private final Chain chain;
    private final List<NotificationHub> hubs;
    private final ChainRandom random;
    private final PairMarket market;
    private final LogsBloom bloom = new LogsBloom();
    private final List<SimPair> pairs;
    private final List<Address> factories;
    private final SimThread<Command> worker;
    /** Blocks mined ahead of the chain ({@link BlockProduction.Prepared}), released one per tick. */
    private final java.util.ArrayDeque<SimBlock> ahead = new java.util.ArrayDeque<>();
    private long nextTickNanos;
    private long stalledSinceNanos;

    public SimulatorLoop(SimConfig config, Chain chain, List<NotificationHub> hubs) {
        this.config = config;
        this.chain = chain;
        this.hubs = List.copyOf(hubs);
        this.random = new ChainRandom(config.seed());
        this.market = new PairMarket(random, config.factories(), config.pairsPerFactory());
        this.pairs = market.pairs();
        this.factories = market.factories();
        this.worker = new SimThread<>("evm-sim-chain", this::step, SimulatorLoop::failClosed, LOG, "simulator", () -> "head " + chain.head());
        makeGenesisAndPairs();
    }

    public List<SimPair> pairs() {
        return pairs;
    }

    public List<Address> factories() {
        return factories;
    }

    public void start() {
        if (config.production() instanceof BlockProduction.Prepared p) {
            for (int i = 0; i < p.blocks(); i++) {
                ahead.addLast(makeBlock(ahead.isEmpty() ? chain.headBlock() : ahead.getLast()));
            }
        }
        ChainView view = chain.view();
        for (NotificationHub hub : hubs) {
            hub.prime(view);
        }
        nextTickNanos = System.nanoTime();
        worker.start();
    }

    /** Mines {@code n} blocks on the simulator thread; returns them once every hub has them queued. */
    public List<SimBlock> mine(int n) {
        CompletableFuture<List<SimBlock>> done = new CompletableFuture<>();
        worker.submit(new Command.Mine(n, done));
        return SimThread.await(done);
    }

    public Reorg reorg(int depth, int newBlocks) {
        CompletableFuture<Reorg> done = new CompletableFuture<>();
        worker.submit(new Command.Rewrite(depth, newBlocks, done));
        return SimThread.await(done);
    }

    /** Asks the hubs to look at the chain again; never blocks (a queued command refreshes too). */
    public void refresh() {
        worker.offer(new Command.Refresh());
    }

    public void close() {
        worker.close();
    }

    /** One turn of the simulator thread, as the production mode says. */
    private void step() throws InterruptedException {
        switch (config.production()) {
            case BlockProduction.Manual m -> execute(worker.take());
            case BlockProduction.Timed t -> timedStep(TimeUnit.MILLISECONDS.toNanos(t.intervalMs()));
            case BlockProduction.Prepared p -> timedStep(TimeUnit.MILLISECONDS.toNanos(p.intervalMs()));
            case BlockProduction.Load l -> loadStep();
        }
    }

    private void timedStep(long intervalNanos) throws InterruptedException {
        long now = System.nanoTime();
        if (now - nextTickNanos >= 0) {
            worker.guarded("timed block", this::tick);
            nextTickNanos = now - nextTickNanos > intervalNanos ? now + intervalNanos : nextTickNanos + intervalNanos;
            return;
        }
        Command c = worker.poll(nextTickNanos - now, TimeUnit.NANOSECONDS);
        if (c != null) {
            execute(c);
        }
    }

    /** Mines when every subscribed connection has room for a whole block; idles without subscribers. */
    private void loadStep() throws InterruptedException {
        Command c = worker.poll();
        if (c != null) {
            execute(c);
            return;
        }
        int room = Integer.MAX_VALUE;
        for (NotificationHub hub : hubs) {
            room = Math.min(room, hub.minRoom());
        }
        if (room == Integer.MAX_VALUE) {
            stalledSinceNanos = 0;
            c = worker.poll(5, TimeUnit.MILLISECONDS);
            if (c != null) {
                execute(c);
            }
            return;
        }
        long now = System.nanoTime();
        boolean stalledTooLong = stalledSinceNanos != 0 && now - stalledSinceNanos > LOAD_STALL_LIMIT_NANOS;
        if (room >= SimConfig.maxMessagesPerBlock(config.swapsPerBlock()) || stalledTooLong) {
            stalledSinceNanos = 0;
            worker.guarded("load block", this::tick);
            return;
        }
        if (stalledSinceNanos == 0) {
            stalledSinceNanos = now;
        }
        c = worker.poll(100, TimeUnit.MICROSECONDS);
        if (c != null) {
            execute(c);
        }
    }

    /** One production tick: usually one more block, sometimes a short reorg that also grows the chain. */
    private void tick() {
        long head = chain.head();
        if (random.chance(config.reorgProbability()) && head >= 3) {
            int depth = 1 + random.below((int) Math.min(MAX_RANDOM_REORG_DEPTH, head - 2));
            rewrite(depth, depth + 1);
        } else {
            mineOne();
            publish();
        }
    }

    private void execute(Command c) {
        switch (c) {
            case Command.Mine m -> worker.complete(m.done(), () -> {
                List<SimBlock> made = new ArrayList<>(m.blocks());
                for (int i = 0; i < m.blocks(); i++) {
                    made.add(mineOne());
                    publish();
                }
                return made;
            });
            case Command.Rewrite r -> worker.complete(r.done(), () -> rewrite(r.depth(), r.newBlocks()));
            case Command.Refresh x -> worker.guarded("refresh", this::notifyHubs);
        }
    }

    private Reorg rewrite(int depth, int newBlocks) {
        if (chain.head() - depth < 1) {
            throw new IllegalArgumentException("reorg depth " + depth + " would replace block 1, which creates the pairs; head is "
                    + chain.head());
        }
        ahead.clear(); // mined on the old tip: the market goes back to the fork point below anyway
        List<SimBlock> orphaned = chain.rewind(depth);
        market.restore(chain.headBlock().reserves());
        List<SimBlock> adopted = new ArrayList<>(newBlocks);
        for (int i = 0; i < newBlocks; i++) {
            adopted.add(mineOne());
        }
        publish();
        return new Reorg(orphaned, adopted);
    }

    private SimBlock mineOne() {
        SimBlock block = ahead.isEmpty() ? makeBlock(chain.headBlock()) : ahead.removeFirst();
        chain.append(block);
        return block;
    }

    /** The next block on {@code parent}; moves the market on, but leaves the chain to the caller. */
    private SimBlock makeBlock(SimBlock parent) {
        BlockBuilder b = new BlockBuilder(parent.number() + 1, random.hash(), parent.hash(), nextTimestamp(parent));
        for (int i = 0; i < config.swapsPerBlock(); i++) {
            market.swap(b);
        }
        if (random.chance(LIQUIDITY_EVENT_CHANCE)) {
            market.mintOrBurn(b);
        }
        return b.build(market.reserves(), bloom);
    }

    private void makeGenesisAndPairs() {
        long now = config.clock().instant().getEpochSecond();
        SimBlock genesis = new BlockBuilder(0, random.hash(), Hash32.ZERO, now).build(Map.of(), bloom);
        chain.append(genesis);
        BlockBuilder b = new BlockBuilder(1, random.hash(), genesis.hash(), nextTimestamp(genesis));
        market.createPairs(b);
        chain.append(b.build(market.reserves(), bloom));
        chain.publish();
    }

    /** Strictly after the parent, as consensus demands, and never behind the clock. */
    private long nextTimestamp(SimBlock parent) {
        return Math.max(parent.timestamp() + 1, config.clock().instant().getEpochSecond());
    }

    private void publish() {
        chain.publish();
        notifyHubs();
    }

    private void notifyHubs() {
        ChainView view = chain.view();
        for (NotificationHub hub : hubs) {
            worker.guarded("notify subscribers", () -> hub.onChain(view));
        }
    }

    private static void failClosed(Command c, IllegalStateException closed) {
        switch (c) {
            case Command.Mine m -> m.done().completeExceptionally(closed);
            case Command.Rewrite r -> r.done().completeExceptionally(closed);
            case Command.Refresh x -> {
            }
        }
    }
}
