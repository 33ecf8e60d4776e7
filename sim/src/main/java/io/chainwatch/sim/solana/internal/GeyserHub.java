package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.SolanaFaults;
import io.grpc.Status;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;

/**
 * Fans ledger changes out to one endpoint's Geyser streams and keeps what it announced for
 * {@code from_slot} replays. It announces what the endpoint shows (lag included) as the WebSocket
 * hub does ({@link AnnouncedLevels}): each block when it reaches processed, confirmed and
 * finalized, and, for a block a fork abandoned after it was announced, its death. Every
 * announcement is a {@link GeyserEvent}, delivered to the subscribed streams and appended to the
 * replay log.
 *
 * <p>Replay: a stream's {@code from_slot} request waits here until the simulator thread next runs
 * (the stream wakes it); then the events of slots from {@code from_slot} on are queued to the
 * stream as one entry and the stream joins the live delivery, in the same turn of the simulator
 * thread, so the switch from replay to live has no gap and no duplicate. A {@code from_slot} below
 * the first slot the log still holds fails the stream with OUT_OF_RANGE, in the words of rpcpool's
 * server: "broadcast from N is not available, last available: M", where M is that first slot.
 *
 * <p>The drop fault ({@code dropNotifications}) drops live updates only, with the seeded random of
 * this hub: a replay sends everything the log holds, as a client that resumes after a gap expects.
 *
 * <p>The log holds the events of the slots the ledger keeps ({@code historySlots}, checked by the
 * config), three or four per block: references to blocks the ledger holds anyway.
 *
 * <p>Ownership: the announced levels, the log and the drop random are owned by the simulator
 * thread, the only caller of the {@link LedgerListener} methods. The set of subscribed streams and
 * the replay requests are concurrent (gRPC threads add); the first available slot is published
 * through a volatile field.
 */
public final class GeyserHub implements LedgerListener {
    private final SolanaFaultState faults;
    private final SplittableRandom dropRandom;
    private final InstantSource clock;
    private final AnnouncedLevels announced = new AnnouncedLevels();
    private final ArrayDeque<GeyserEvent> log = new ArrayDeque<>();
    private final Set<GeyserStream> subscribed = ConcurrentHashMap.newKeySet();
    /** Streams with a replay request; a stream is here at most once at a time. */
    private final ConcurrentLinkedQueue<GeyserStream> replays = new ConcurrentLinkedQueue<>();
    private long prunedThrough = Long.MIN_VALUE;
    private volatile long firstAvailable;
    /** Set once by the simulator thread before it starts; run by the streams' writers. */
    private volatile IntConsumer roomFreed = room -> {
    };

    public GeyserHub(SolanaFaultState faults, long seed, InstantSource clock) {
        this.faults = faults;
        this.dropRandom = new SplittableRandom(seed);
        this.clock = clock;
    }

    /** The oldest slot a {@code from_slot} replay can start at. Any thread. */
    public long firstAvailable() {
        return firstAvailable;
    }

    /** Takes the ledger as announced, and logs it, so that a replay from the first slot has the first blocks. */
    @Override
    public void prime(LedgerView view) {
        long before = view.lowest() - 1;
        announced.prime(new LedgerView.Shown(before, before, before));
        announced.advance(view, view.shown(faults.snapshot().lagSlots()), (level, block) -> log.add(new GeyserEvent.Reached(level, block)));
        firstAvailable = view.lowest();
    }

    @Override
    public void onLedger(LedgerView view) {
        SolanaFaults f = faults.snapshot();
        List<GeyserEvent> events = new ArrayList<>();
        announced.advance(view, view.shown(f.lagSlots()), (level, block) -> events.add(new GeyserEvent.Reached(level, block)));
        announce(events, f);
        prune(view.lowest());
        startReplays();
    }

    /** Tells of the abandoned blocks this endpoint announced, oldest first. */
    @Override
    public void onAbandoned(List<SolBlock> newestFirst) {
        long forkSlot = newestFirst.getLast().parentSlot();
        List<GeyserEvent> events = new ArrayList<>(newestFirst.size());
        for (SolBlock b : newestFirst.reversed()) {
            if (b.slot() <= announced.processed()) {
                events.add(new GeyserEvent.Dead(b, forkSlot));
            }
        }
        announce(events, faults.snapshot());
    }

    /** Room left in the fullest subscribed stream's queue, so that load production waits for Geyser clients too. */
    @Override
    public int minRoom() {
        int min = Integer.MAX_VALUE;
        for (GeyserStream s : subscribed) {
            min = Math.min(min, s.room());
        }
        return min;
    }

    @Override
    public void onRoomFreed(IntConsumer wake) {
        roomFreed = wake;
    }

    /** A stream's writer took an update off its queue, which now has {@code room}. Any thread; never blocks. */
    void roomFreed(int room) {
        roomFreed.accept(room);
    }

    /** A stream that wants what is announced from now on. Any thread. */
    void subscribe(GeyserStream s) {
        subscribed.add(s);
    }

    /** A stream whose {@code from_slot} request waits for the simulator thread. Any thread. */
    void requestReplay(GeyserStream s) {
        replays.add(s);
    }

    /** A stream that ended. Any thread. */
    void forget(GeyserStream s) {
        subscribed.remove(s);
    }

    private void announce(List<GeyserEvent> events, SolanaFaults f) {
        if (events.isEmpty()) {
            return;
        }
        log.addAll(events);
        if (subscribed.isEmpty()) {
            return;
        }
        GeyserDelivery d = new GeyserDelivery(events, GeyserEncoding.timestamp(clock.instant()));
        for (GeyserStream s : subscribed) {
            if (s.deliver(d, f.dropNotifications(), dropRandom) != GeyserStream.Offer.ACCEPTED) {
                subscribed.remove(s);
            }
        }
    }

    /** Drops the events of slots the ledger no longer keeps; every event of a later slot stays. */
    private void prune(long lowest) {
        while (!log.isEmpty() && log.peekFirst().slot() < lowest) {
            prunedThrough = Math.max(prunedThrough, log.pollFirst().slot());
        }
        if (prunedThrough != Long.MIN_VALUE && prunedThrough + 1 > firstAvailable) {
            firstAvailable = prunedThrough + 1;
        }
    }

    private void startReplays() {
        GeyserStream s;
        while ((s = replays.poll()) != null) {
            GeyserStream.ReplayRequest r = s.takeReplayRequest();
            if (r == null || s.ended()) {
                continue;
            }
            long first = firstAvailable;
            if (Long.compareUnsigned(r.fromSlot(), first) < 0) {
                s.end(Status.OUT_OF_RANGE.withDescription("broadcast from " + r.fromSlot() + " is not available, last available: " + first));
                continue;
            }
            List<GeyserEvent> replay = new ArrayList<>();
            for (GeyserEvent e : log) {
                if (Long.compareUnsigned(e.slot(), r.fromSlot()) >= 0) { // from_slot is a u64
                    replay.add(e);
                }
            }
            if (s.queueReplay(List.copyOf(replay), r.filters()) == GeyserStream.Offer.ACCEPTED) {
                subscribed.add(s);
            }
        }
    }
}
