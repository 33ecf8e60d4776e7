package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.ForkOutcome;
import io.chainwatch.sim.solana.ProductionRecord;
import io.chainwatch.sim.solana.Pubkey;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>A slot is made, then released. Making decides what the slot holds and moves the market and
 * the {@link MadeChain} on (skips and forks included); releasing hands the made slot to the ledger,
 * the account store and the listeners. Slots made ahead (prepared and load production) wait
 * between the two, so that the release of a slot made long before is the release of one made now.
 *
 * <p>The first block, and the slots made ahead, are made by the starting thread before the
 * simulator thread starts; from then on only the simulator thread touches ledger, store, market and
 * random.
 *
 * <p>Over the usual size because making and releasing share the one queue between them and the
 * commands that must see both (a fork, a skip, a read between slots).
 */
public final class SlotLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SlotLoop.class);
    /** Timed production catches up at most this many slots at once, then drops the backlog. */
    private static final int MAX_BURST = 4_096;
    /**
     * Timed production releases what is due at most once a tick this long: at thousands of slots a second
     * the slots of a tick go together (ten at 5,000 a second), where one at a time woke the thread, its
     * subscribers' writers and their readers 5,000 times a second. At confirmed, a node sends a slot's
     * notifications together when the slot is confirmed, some 400 ms apart: two milliseconds is finer.
     */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Load production stops waiting for a subscriber this slow; the next slot overflows and drops it. */
    private static final long LOAD_STALL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Load production waiting for room looks again after this long at most: the subscribers' writers
     * wake it as soon as a queue has room for a slot; this is for a wake-up missed or not told.
     */
    private static final long ROOM_WAIT_MICROS = 1_000;

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

        /** A subscriber's queue got room: load production looks at the room again. */
        record RoomFreed() implements Command {
        }
    }

    /**
     * A slot made and not yet released: a skip ({@code block} null), a block, or a fork (the newest
     * {@code abandon} blocks leave the chain, then {@code block} is built on their parent), with the
     * accounts of long-migrated curves to forget when it is released. (Not the block's undo log: the
     * made chain keeps that while a fork may still need it, and a slot may wait here long after.)
     */
    private record Ahead(long slot, int abandon, SolBlock block, List<Pubkey> forgotten) {
        static Ahead skip(long slot) {
            return new Ahead(slot, 0, null, List.of());
        }
    }

    private final SolanaSimConfig config;
    private final Ledger ledger;
    private final AccountStore accounts;
    private final List<LedgerListener> listeners;
    private final ChainRandom random;
    private final PumpMarket market = new PumpMarket();
    private final BlockMaker maker;
    private final ProductionLog log = new ProductionLog();
    private final MadeChain made;
    /**
     * Slots made and not yet released, oldest first. Every slot passes through here: made (on the
     * made chain, moving the market), then released (to the ledger, the account store and the
     * listeners). Live production makes one and releases it at once; prepared and load production
     * with slots ahead make many at start ({@link #prepare}), so a released slot is the same
     * whether it was made long before or just now.
     */
    private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();
    private final SimThread<Command> worker;
    private final int perSlotMessages;
    /** Slots made ahead and not yet released, for {@link #slotsAhead()}; written by the simulator thread. */
    private volatile int aheadCount;
    private long nextSlot;
    private long nextTickNanos;
    /** When timed production last released slots. */
    private long releasedAtNanos;
    private long stalledSinceNanos;
    /** Prepared production's warm-up: when it ends (0 until the first subscriber), and whether it has. */
    private long warmUpEndNanos;
    private boolean warmedUp;
    /**
     * Room a subscriber's queue must have for load production to release a slot: a whole slot's messages; in
     * prepared production's warm-up, all but about eight slots' worth of its queue (sized for a second at the
     * fixed rate), so that the fixed rate starts with the queue nearly empty, as the closed loop runs it.
     */
    private volatile int roomNeeded;
    /**
     * Set by the simulator thread while load production waits for room; the first writer to leave room
     * for a slot clears it and wakes the thread. (Polling every 100 µs instead woke it some 3,000 times
     * a second in the load run, where the subscriber holds the pace; woken by the writers, some 700.)
     */
    private final AtomicBoolean awaitingRoom = new AtomicBoolean();

    public SlotLoop(SolanaSimConfig config, Ledger ledger, AccountStore accounts, List<? extends LedgerListener> listeners) {
        this.config = config;
        this.ledger = ledger;
        this.accounts = accounts;
        this.listeners = List.copyOf(listeners);
        this.random = new ChainRandom(config.seed());
        this.maker = new BlockMaker(random, config.activity(), market, config.clock());
        this.perSlotMessages = SolanaSimConfig.maxMessagesPerSlot(config.activity());
        this.roomNeeded = config.production() instanceof SlotProduction.Prepared p && p.warmUpNanos() > 0
                ? Math.max(perSlotMessages, config.subscriberQueueMessages() - 7 * perSlotMessages) : perSlotMessages;
        this.worker = new SimThread<>("solana-sim-slots", this::step, SlotLoop::failClosed, LOG, "Solana simulator", () -> "slot " + nextSlot);
        long first = config.startSlot();
        BlockMaker.Made genesis = maker.first(first, first - first / 12);
        this.made = new MadeChain(genesis.block(), config.confirmationDepth());
        append(genesis.block(), genesis.forgotten());
        nextSlot = first + 1;
        ledger.publish();
    }

    public void start() {
        switch (config.production()) {
            case SlotProduction.Prepared p -> prepare(p.slots());
            case SlotProduction.Load l -> prepare(l.aheadSlots());
            case SlotProduction.Manual m -> {
            }
            case SlotProduction.Timed t -> {
            }
        }
        LedgerView view = ledger.view();
        for (LedgerListener l : listeners) {
            l.prime(view);
            l.onRoomFreed(this::roomFreed);
        }
        nextTickNanos = System.nanoTime();
        releasedAtNanos = nextTickNanos - TICK_NANOS;
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

    /** Slots made ahead and not yet released (prepared or load production); any thread. */
    public int slotsAhead() {
        return aheadCount;
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
            case SlotProduction.Prepared p when warmingUp(p) -> loadStep();
            case SlotProduction.Prepared p -> timedStep(p.intervalNanos());
            case SlotProduction.Load l -> loadStep();
        }
    }

    /**
     * True while prepared production still releases as fast as read ({@link SlotProduction.Prepared#warmUpNanos}):
     * from the first subscriber on, for that long; then the fixed rate starts from now.
     */
    private boolean warmingUp(SlotProduction.Prepared p) {
        if (p.warmUpNanos() == 0 || warmedUp) {
            return false;
        }
        long now = System.nanoTime();
        if (warmUpEndNanos == 0) {
            if (minRoom() == Integer.MAX_VALUE) {
                return true; // nobody subscribed yet: the load step idles
            }
            warmUpEndNanos = now + p.warmUpNanos();
        }
        if (now - warmUpEndNanos < 0) {
            return true;
        }
        warmedUp = true;
        roomNeeded = perSlotMessages;
        nextTickNanos = now;
        releasedAtNanos = now - TICK_NANOS;
        return false;
    }

    private void timedStep(long intervalNanos) throws InterruptedException {
        long now = System.nanoTime();
        // A slower rate keeps its own schedule: a release late by a moment does not push back the next.
        long tickAt = intervalNanos >= TICK_NANOS ? nextTickNanos : releasedAtNanos + TICK_NANOS;
        if (now - nextTickNanos >= 0 && now - tickAt >= 0) {
            long due = Math.min(MAX_BURST, 1 + (now - nextTickNanos) / intervalNanos);
            // Each slot is published on its own, even in a burst: a block a fork abandons in the next slot
            // must still have been seen at processed, as a node's subscribers see every bank.
            worker.guarded("timed slots", () -> {
                for (int i = 0; i < due && worker.running(); i++) { // a long burst must not outlive close()
                    passSlot();
                    publish();
                }
            });
            nextTickNanos = due == MAX_BURST ? now + intervalNanos : nextTickNanos + due * intervalNanos;
            releasedAtNanos = now;
            return;
        }
        long wakeAt = nextTickNanos - tickAt >= 0 ? nextTickNanos : tickAt; // the later of the two
        Command c = worker.poll(wakeAt - now, TimeUnit.NANOSECONDS);
        if (c != null) {
            execute(c);
        }
    }

    /**
     * Produces a slot when every subscribed connection has room for a whole slot ({@link #roomNeeded}); idles
     * without subscribers.
     */
    private void loadStep() throws InterruptedException {
        Command c = worker.poll();
        if (c != null) {
            execute(c);
            return;
        }
        int room = minRoom();
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
        if (room >= roomNeeded || stalledTooLong) {
            stalledSinceNanos = 0;
            worker.guarded("load slot", () -> {
                passSlot();
                publish();
            });
            return;
        }
        if (stalledSinceNanos == 0) {
            stalledSinceNanos = now;
        }
        awaitingRoom.set(true);
        // Room freed before the flag was up woke nobody: look once more; a writer that frees it later sees the flag.
        if (minRoom() < roomNeeded) {
            c = worker.poll(ROOM_WAIT_MICROS, TimeUnit.MICROSECONDS);
        }
        awaitingRoom.set(false);
        if (c != null) {
            execute(c);
        }
    }

    private int minRoom() {
        int room = Integer.MAX_VALUE;
        for (LedgerListener l : listeners) {
            room = Math.min(room, l.minRoom());
        }
        return room;
    }

    /** A subscriber's writer took messages off a queue that now has {@code room}; any thread, never blocks. */
    private void roomFreed(int room) {
        if (room >= roomNeeded && awaitingRoom.get() && awaitingRoom.compareAndSet(true, false)) {
            worker.offer(new Command.RoomFreed());
        }
    }

    private void execute(Command c) {
        switch (c) {
            case Command.Produce p -> worker.complete(p.done(), () -> {
                List<SlotOutcome> out = new ArrayList<>(p.slots());
                for (int i = 0; i < p.slots(); i++) {
                    out.add(p.skip() ? skipOne() : passSlot());
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
            case Command.RoomFreed x -> {
            }
        }
    }

    private <T> void completeRead(Command.Read<T> r) {
        worker.complete(r.done(), r.read());
    }

    /** Makes {@code n} slots ahead, chained on the made tip, without releasing them; the market moves on. */
    private void prepare(int n) {
        for (int i = 0; i < n; i++) {
            makeOne();
        }
        aheadCount = ahead.size();
    }

    /** One slot as configured, released: the oldest made ahead, or one made now. */
    private SlotOutcome passSlot() {
        if (ahead.isEmpty()) {
            makeOne();
        }
        return release(ahead.pollFirst()).next();
    }

    /** The next slot passes without a block; nothing may wait ahead (the slots would be out of order). */
    private SlotOutcome skipOne() {
        requireNothingAhead("skipSlots");
        ahead.addLast(Ahead.skip(nextSlot++));
        return release(ahead.pollFirst()).next();
    }

    /** Abandons the newest {@code depth} blocks (and their trades), then builds the next slot on their parent. */
    private ForkOutcome forkAndProduce(int depth) {
        requireNothingAhead("fork");
        makeFork(depth);
        return release(ahead.pollFirst());
    }

    // ---- making: the made chain, the market, the random source -------------------------------

    /** Makes the next slot: usually a block, sometimes none, sometimes a block that forks off the newest one. */
    private void makeOne() {
        if (random.chance(config.skipRate())) {
            ahead.addLast(Ahead.skip(nextSlot++));
            return;
        }
        if (random.chance(config.forkRate()) && made.unconfirmedBlocks() > 0) {
            makeFork(random.chance(0.2) ? Math.min(2, made.unconfirmedBlocks()) : 1);
            return;
        }
        makeBlock(0);
    }

    private void makeFork(int depth) {
        for (PumpMarket.BlockUndo undo : made.abandon(depth)) {
            market.rollback(undo);
        }
        makeBlock(depth);
    }

    private void makeBlock(int abandon) {
        long slot = nextSlot++;
        BlockMaker.Made m = maker.next(slot, made.tip());
        made.append(m.block(), m.undo());
        ahead.addLast(new Ahead(slot, abandon, m.block(), m.forgotten()));
    }

    // ---- releasing: the ledger, the account store, the production log, the listeners ----------

    /** Releases one made slot; a fork's outcome names the abandoned slots, any other's none. */
    private ForkOutcome release(Ahead a) {
        aheadCount = ahead.size();
        SolBlock b = a.block();
        if (b == null) {
            ledger.skip(a.slot());
            log.skipped(a.slot());
            return new ForkOutcome(List.of(), new SlotOutcome(a.slot(), ProductionRecord.SlotStatus.SKIPPED, 0, 0));
        }
        List<Long> abandoned = a.abandon() == 0 ? List.of() : abandon(a.abandon());
        append(b, a.forgotten());
        return new ForkOutcome(abandoned, new SlotOutcome(b.slot(), ProductionRecord.SlotStatus.PRODUCED, b.transactions().size(),
                b.pumpEvents()));
    }

    private void requireNothingAhead(String what) {
        if (!ahead.isEmpty()) {
            throw new IllegalArgumentException(what + ": not while " + ahead.size() + " prepared slots wait for release");
        }
    }

    private void append(SolBlock b, List<Pubkey> forgotten) {
        ledger.append(b);
        accounts.write(b.slot(), b.writes(), ledger.view() == null ? b.slot() : ledger.view().finalized());
        accounts.drop(forgotten);
        log.produced(b.slot(), b.pumpEvents());
    }

    /** Takes the newest {@code depth} blocks off the ledger (the market forgot their trades when the fork was made). */
    private List<Long> abandon(int depth) {
        List<SolBlock> gone = ledger.abandon(depth);
        for (LedgerListener l : listeners) {
            worker.guarded("tell of abandoned blocks", () -> l.onAbandoned(gone));
        }
        List<Long> slots = new ArrayList<>(gone.size());
        for (SolBlock b : gone) {
            accounts.forget(b.slot(), b.writes());
            log.abandoned(b.slot());
            slots.addFirst(b.slot());
        }
        return List.copyOf(slots);
    }

    private void publish() {
        ledger.publish();
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
            case Command.RoomFreed x -> {
            }
        }
    }
}
