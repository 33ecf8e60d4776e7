package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.ForkOutcome;
import io.chainwatch.sim.solana.ProductionRecord;
import io.chainwatch.sim.solana.SimCurve;
import io.chainwatch.sim.solana.SlotOutcome;
import io.chainwatch.sim.solana.SlotProduction;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.internal.SimThread;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Solana simulator thread: the one owner of the ledger's mutations, the account store's
 * writes, the pump market and the random source. Other threads ask it for slots, skips and forks
 * through a bounded command queue and wait for the result; it publishes each change as an
 * immutable {@link LedgerView} and hands it to every {@link LedgerListener} (each endpoint's
 * WebSocket {@link SolanaHub}, and any other transport).
 *
 * <p>The first block is made by the constructing thread before {@link #start()}; from then on
 * only the simulator thread touches ledger, store, market and random.
 */
public final class SlotLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SlotLoop.class);
    /** Timed production catches up at most this many slots at once, then drops the backlog. */
    private static final int MAX_BURST = 4_096;
    /** Load production stops waiting for a subscriber this slow; the next slot overflows and drops it. */
    private static final long LOAD_STALL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private sealed interface Command {
        record Produce(int slots, boolean skip, CompletableFuture<List<SlotOutcome>> done) implements Command {
        }

        record Fork(int depth, CompletableFuture<ForkOutcome> done) implements Command {
        }

        record Read<T>(Supplier<T> read, CompletableFuture<T> done) implements Command {
        }

        /** Faults changed what an endpoint shows: let the hubs catch up now, not at the next slot. */
        record Refresh() implements Command {
        }
    }

    /** A slot made ahead of its release ({@link SlotProduction.Prepared}): a skip or a block. */
    private record Ahead(long skippedSlot, BlockMaker.Made made) {
    }

    /** A block not yet confirmed and what to undo if a fork abandons it. */
    private record Unconfirmed(SolBlock block, PumpMarket.BlockUndo undo) {
    }

    private final SolanaSimConfig config;
    private final Ledger ledger;
    private final AccountStore accounts;
    private final List<LedgerListener> listeners;
    private final ChainRandom random;
    private final PumpMarket market = new PumpMarket();
    private final BlockMaker maker;
    private final ProductionLog log = new ProductionLog();
    private final ArrayDeque<Unconfirmed> unconfirmed = new ArrayDeque<>();
    /** Slots made ahead ({@link SlotProduction.Prepared}), released one per tick, oldest first. */
    private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();
    private final SimThread<Command> worker;
    private final int perSlotMessages;
    private long nextSlot;
    private long nextTickNanos;
    private long stalledSinceNanos;

    public SlotLoop(SolanaSimConfig config, Ledger ledger, AccountStore accounts, List<? extends LedgerListener> listeners) {
        this.config = config;
        this.ledger = ledger;
        this.accounts = accounts;
        this.listeners = List.copyOf(listeners);
        this.random = new ChainRandom(config.seed());
        this.maker = new BlockMaker(random, config.activity(), market, config.clock());
        this.perSlotMessages = SolanaSimConfig.maxMessagesPerSlot(config.activity());
        this.worker = new SimThread<>("solana-sim-slots", this::step, SlotLoop::failClosed, LOG, "Solana simulator", () -> "slot " + nextSlot);
        long first = config.startSlot();
        BlockMaker.Made made = maker.first(first, first - first / 12);
        append(made);
        nextSlot = first + 1;
        ledger.publish();
    }

    public void start() {
        if (config.production() instanceof SlotProduction.Prepared p) {
            prepare(p.slots());
        }
        LedgerView view = ledger.view();
        for (LedgerListener l : listeners) {
            l.prime(view);
        }
        nextTickNanos = System.nanoTime();
        worker.start();
    }

    /** Produces {@code n} slots (some skipped, some forking, as configured); returns once every hub has them queued. */
    public List<SlotOutcome> produce(int n) {
        CompletableFuture<List<SlotOutcome>> done = new CompletableFuture<>();
        worker.submit(new Command.Produce(n, false, done));
        return SimThread.await(done);
    }

    /** The next {@code n} slots pass without a block. */
    public List<SlotOutcome> skip(int n) {
        CompletableFuture<List<SlotOutcome>> done = new CompletableFuture<>();
        worker.submit(new Command.Produce(n, true, done));
        return SimThread.await(done);
    }

    public ForkOutcome fork(int depth) {
        CompletableFuture<ForkOutcome> done = new CompletableFuture<>();
        worker.submit(new Command.Fork(depth, done));
        return SimThread.await(done);
    }

    /** Runs {@code read} on the simulator thread, between slots. */
    public <T> T read(Supplier<T> read) {
        CompletableFuture<T> done = new CompletableFuture<>();
        worker.submit(new Command.Read<>(read, done));
        return SimThread.await(done);
    }

    public List<SimCurve> curves() {
        return read(() -> {
            List<SimCurve> out = new ArrayList<>();
            for (PumpMarket.Curve c : market.all()) {
                out.add(new SimCurve(c.mint(), c.curve(), c.creator(), c.name(), c.symbol(), c.virtualTokenReserves(),
                        c.virtualSolReserves(), c.realTokenReserves(), c.realSolReserves(), c.complete(), c.migrated()));
            }
            out.sort(Comparator.comparing(c -> c.mint().base58()));
            return out;
        });
    }

    public ProductionRecord record() {
        return log.snapshot();
    }

    /** Asks the hubs to look at the ledger again; never blocks (a queued command refreshes too). */
    public void refresh() {
        worker.offer(new Command.Refresh());
    }

    public void close() {
        worker.close();
    }

    /** One turn of the simulator thread, as the production mode says. */
    private void step() throws InterruptedException {
        switch (config.production()) {
            case SlotProduction.Manual m -> execute(worker.take());
            case SlotProduction.Timed t -> timedStep(t.intervalNanos());
            case SlotProduction.Prepared p -> timedStep(p.intervalNanos());
            case SlotProduction.Load l -> loadStep();
        }
    }

    private void timedStep(long intervalNanos) throws InterruptedException {
        long now = System.nanoTime();
        if (now - nextTickNanos >= 0) {
            long due = Math.min(MAX_BURST, 1 + (now - nextTickNanos) / intervalNanos);
            // Each slot is published on its own, even in a burst: a block a fork abandons in the next slot
            // must still have been seen at processed, as a node's subscribers see every bank.
            worker.guarded("timed slots", () -> {
                for (int i = 0; i < due && worker.running(); i++) { // a long burst must not outlive close()
                    step(false);
                    publish();
                }
            });
            nextTickNanos = due == MAX_BURST ? now + intervalNanos : nextTickNanos + due * intervalNanos;
            return;
        }
        Command c = worker.poll(nextTickNanos - now, TimeUnit.NANOSECONDS);
        if (c != null) {
            execute(c);
        }
    }

    /** Produces a slot when every subscribed connection has room for a whole slot; idles without subscribers. */
    private void loadStep() throws InterruptedException {
        Command c = worker.poll();
        if (c != null) {
            execute(c);
            return;
        }
        int room = Integer.MAX_VALUE;
        for (LedgerListener l : listeners) {
            room = Math.min(room, l.minRoom());
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
        if (room >= perSlotMessages || stalledTooLong) {
            stalledSinceNanos = 0;
            worker.guarded("load slot", () -> {
                step(false);
                publish();
            });
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

    private void execute(Command c) {
        switch (c) {
            case Command.Produce p -> worker.complete(p.done(), () -> {
                List<SlotOutcome> out = new ArrayList<>(p.slots());
                for (int i = 0; i < p.slots(); i++) {
                    out.add(p.skip() ? skipOne() : step(false));
                    publish();
                }
                return out;
            });
            case Command.Fork f -> worker.complete(f.done(), () -> {
                ForkOutcome o = forkAndProduce(f.depth());
                publish();
                return o;
            });
            case Command.Read<?> r -> completeRead(r);
            case Command.Refresh x -> worker.guarded("refresh", this::notifyHubs);
        }
    }

    private <T> void completeRead(Command.Read<T> r) {
        worker.complete(r.done(), r.read());
    }

    /** Makes {@code n} slots ahead, chained on the tip, without releasing them; the market moves on. */
    private void prepare(int n) {
        SolBlock parent = ledger.tipBlock();
        for (int i = 0; i < n; i++) {
            long slot = nextSlot++;
            if (random.chance(config.skipRate())) {
                ahead.addLast(new Ahead(slot, null));
            } else {
                BlockMaker.Made made = maker.next(slot, parent);
                ahead.addLast(new Ahead(-1, made));
                parent = made.block();
            }
        }
    }

    /** Releases the oldest slot made ahead. */
    private SlotOutcome release() {
        Ahead a = ahead.pollFirst();
        if (a.made() == null) {
            ledger.skip(a.skippedSlot());
            log.skipped(a.skippedSlot());
            return new SlotOutcome(a.skippedSlot(), ProductionRecord.SlotStatus.SKIPPED, 0, 0);
        }
        append(a.made());
        SolBlock b = a.made().block();
        return new SlotOutcome(b.slot(), ProductionRecord.SlotStatus.PRODUCED, b.transactions().size(), b.pumpEvents());
    }

    private void requireNothingAhead(String what) {
        if (!ahead.isEmpty()) {
            throw new IllegalArgumentException(what + ": not while " + ahead.size() + " prepared slots wait for release");
        }
    }

    /** One slot as configured: usually a block, sometimes none, sometimes a block that forks off the newest one. */
    private SlotOutcome step(boolean forceBlock) {
        if (!ahead.isEmpty()) {
            return release();
        }
        if (!forceBlock && random.chance(config.skipRate())) {
            return skipOne();
        }
        if (!forceBlock && random.chance(config.forkRate()) && ledger.unconfirmedBlocks() > 0) {
            int depth = random.chance(0.2) ? Math.min(2, ledger.unconfirmedBlocks()) : 1;
            return forkAndProduce(depth).next();
        }
        return produceOne();
    }

    private SlotOutcome skipOne() {
        requireNothingAhead("skipSlots");
        long slot = nextSlot++;
        ledger.skip(slot);
        log.skipped(slot);
        return new SlotOutcome(slot, ProductionRecord.SlotStatus.SKIPPED, 0, 0);
    }

    private SlotOutcome produceOne() {
        long slot = nextSlot++;
        BlockMaker.Made made = maker.next(slot, ledger.tipBlock());
        append(made);
        SolBlock b = made.block();
        return new SlotOutcome(slot, ProductionRecord.SlotStatus.PRODUCED, b.transactions().size(), b.pumpEvents());
    }

    private void append(BlockMaker.Made made) {
        SolBlock b = made.block();
        ledger.append(b);
        accounts.write(b.slot(), b.writes(), ledger.view() == null ? b.slot() : ledger.view().finalized());
        accounts.drop(made.forgotten());
        unconfirmed.addLast(new Unconfirmed(b, made.undo()));
        log.produced(b.slot(), b.pumpEvents());
    }

    /** Abandons the newest {@code depth} unconfirmed blocks (and their trades), then builds the next slot on their parent. */
    private ForkOutcome forkAndProduce(int depth) {
        requireNothingAhead("fork");
        List<SolBlock> gone = ledger.abandon(depth);
        for (LedgerListener l : listeners) {
            worker.guarded("tell of abandoned blocks", () -> l.onAbandoned(gone));
        }
        List<Long> slots = new ArrayList<>(gone.size());
        for (SolBlock b : gone) {
            Unconfirmed u = unconfirmed.pollLast();
            if (u == null || u.block() != b) {
                throw new IllegalStateException("abandoned block " + b.slot() + " is not the newest unconfirmed one");
            }
            market.rollback(u.undo());
            accounts.forget(b.slot(), b.writes());
            log.abandoned(b.slot());
            slots.addFirst(b.slot());
        }
        return new ForkOutcome(List.copyOf(slots), produceOne());
    }

    private void publish() {
        ledger.publish();
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().block().slot() <= ledger.confirmed()) {
            unconfirmed.pollFirst();
        }
        notifyHubs();
    }

    private void notifyHubs() {
        LedgerView view = ledger.view();
        for (LedgerListener l : listeners) {
            worker.guarded("notify subscribers", () -> l.onLedger(view));
        }
    }

    private static void failClosed(Command c, IllegalStateException closed) {
        switch (c) {
            case Command.Produce p -> p.done().completeExceptionally(closed);
            case Command.Fork f -> f.done().completeExceptionally(closed);
            case Command.Read<?> r -> r.done().completeExceptionally(closed);
            case Command.Refresh x -> {
            }
        }
    }
}
