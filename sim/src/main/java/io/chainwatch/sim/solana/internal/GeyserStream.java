package io.chainwatch.sim.solana.internal;

import com.google.protobuf.Timestamp;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdatePing;
import io.chainwatch.geyser.proto.SubscribeUpdatePong;
import io.chainwatch.sim.internal.EndpointCounters;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Subscribe call of a Geyser endpoint: the client's requests in, its updates out through a
 * bounded queue. A request with {@code ping} is answered with a pong and changes nothing; any other
 * request replaces the filters. The first request without {@code from_slot} subscribes to what the
 * endpoint announces from then on; a request with {@code from_slot} asks the simulator thread for a
 * replay (see {@link GeyserHub}), which is queued as one entry and encoded by the writer as it goes;
 * on a stream already live, such a request replays again after what is queued (as asked, even if
 * that repeats updates).
 *
 * <p>A full queue ends the stream with RESOURCE_EXHAUSTED (counted as a slow subscriber) rather
 * than block the simulator thread or lose updates silently. The writer waits for gRPC's flow
 * control ({@code isReady}), so a client that stops reading fills the queue.
 *
 * <p>Ownership: the writer, a virtual thread of its own, is the only thread that calls the
 * response observer. The queue is thread-safe (the simulator thread, gRPC's request thread and the
 * ping thread offer to it). The filters are one immutable record in a volatile field, written by
 * the request thread (gRPC calls it one request at a time). The end status is set once.
 */
final class GeyserStream implements StreamObserver<SubscribeRequest> {
    /** Outcome of queueing one update. */
    enum Offer { ACCEPTED, FULL, CLOSED }

    /** A {@code from_slot} request waiting for the simulator thread. */
    record ReplayRequest(long fromSlot, GeyserFilters filters) {
    }

    /** What the writer sends next: one update, or a replay it encodes as it sends. */
    private sealed interface Outgoing {
        record Update(SubscribeUpdate update) implements Outgoing {
        }

        record Replay(List<GeyserEvent> events, GeyserFilters filters) implements Outgoing {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(GeyserStream.class);
    /** The client cancelled or went away: nothing more may be said on the call. */
    private static final Status CLIENT_GONE = Status.CANCELLED.withDescription("the client ended the call");
    private static final long READY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ServerCallStreamObserver<SubscribeUpdate> out;
    private final GeyserHub hub;
    private final Runnable wake;
    private final EndpointCounters counters;
    private final InstantSource clock;
    private final Consumer<GeyserStream> forget;
    private final int queueLimit;
    private final SolanaFaultState faults;
    private final ArrayBlockingQueue<Outgoing> queue;
    private final AtomicReference<Status> end = new AtomicReference<>();
    private final AtomicReference<ReplayRequest> replayRequested = new AtomicReference<>();
    private final Thread writer;
    private volatile GeyserFilters filters = GeyserFilters.NONE;
    /** Request thread only. */
    private boolean subscribed;

    /**
     * Call from the service's {@code subscribe}, before it returns: gRPC takes the handlers only then.
     *
     * @param forget removes the stream from the endpoint's sets once it ended
     */
    GeyserStream(ServerCallStreamObserver<SubscribeUpdate> out, GeyserService.Context endpoint, Consumer<GeyserStream> forget) {
        this.out = out;
        this.hub = endpoint.hub();
        this.wake = endpoint.wake();
        this.counters = endpoint.counters();
        this.clock = endpoint.clock();
        this.forget = forget;
        this.queueLimit = endpoint.queueLimit();
        this.faults = endpoint.faults();
        this.queue = new ArrayBlockingQueue<>(queueLimit);
        this.writer = Thread.ofVirtual().name("solana-sim-geyser-writer-" + endpoint.endpoint()).unstarted(this::writeLoop);
        out.setOnReadyHandler(() -> LockSupport.unpark(writer));
        out.setOnCancelHandler(() -> end(CLIENT_GONE));
    }

    void start() {
        writer.start();
    }

    // ---- requests (gRPC's request thread) ---------------------------------------------------------

    @Override
    public void onNext(SubscribeRequest r) {
        if (end.get() != null) {
            return;
        }
        if (r.hasPing()) {
            // As on Yellowstone: a ping request is answered and leaves the filters as they were.
            offer(new Outgoing.Update(envelope().setPong(SubscribeUpdatePong.newBuilder().setId(r.getPing().getId())).build()));
            return;
        }
        switch (GeyserFilters.parse(r)) {
            case GeyserFilters.Parsed.Invalid bad -> end(Status.INVALID_ARGUMENT.withDescription(bad.message()));
            case GeyserFilters.Parsed.Valid ok -> subscribe(ok.filters(), r.hasFromSlot() && !faults.ignoresFromSlot(), r.getFromSlot());
        }
    }

    private void subscribe(GeyserFilters f, boolean replay, long fromSlot) {
        filters = f;
        if (replay) {
            // Live updates start when the simulator thread queues the replay, so that none is missed or doubled.
            if (replayRequested.getAndSet(new ReplayRequest(fromSlot, f)) == null) {
                hub.requestReplay(this);
            }
            wake.run();
        } else if (!subscribed) {
            hub.subscribe(this);
        }
        subscribed = true;
    }

    @Override
    public void onError(Throwable clientGone) {
        end(CLIENT_GONE);
    }

    /** The client half-closed: it will ask for nothing more, so the stream ends. */
    @Override
    public void onCompleted() {
        end(Status.OK);
    }

    // ---- updates (simulator thread, ping thread) --------------------------------------------------

    /** Simulator thread: queues this stream's updates of a live delivery; {@code drop} is the simulator thread's. */
    Offer deliver(GeyserDelivery d, double dropRate, SplittableRandom drop) {
        if (end.get() != null) {
            return Offer.CLOSED;
        }
        try {
            return d.deliverTo(filters, u -> {
                if (dropRate > 0 && drop.nextDouble() < dropRate) {
                    counters.notificationDropped();
                    return Offer.ACCEPTED;
                }
                Offer o = offer(new Outgoing.Update(u));
                if (o == Offer.ACCEPTED) {
                    counters.notificationQueued();
                }
                return o;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a live delivery never waits; keep the flag for the loop
            return Offer.CLOSED;
        }
    }

    /** Simulator thread: the latest {@code from_slot} request, once. */
    ReplayRequest takeReplayRequest() {
        return replayRequested.getAndSet(null);
    }

    /** Simulator thread: queues a replay; live updates queued after it follow it. */
    Offer queueReplay(List<GeyserEvent> events, GeyserFilters f) {
        return offer(new Outgoing.Replay(events, f));
    }

    /** The server's keep-alive. */
    void ping(Timestamp now) {
        offer(new Outgoing.Update(SubscribeUpdate.newBuilder().setPing(SubscribeUpdatePing.getDefaultInstance()).setCreatedAt(now).build()));
    }

    int room() {
        return queue.remainingCapacity();
    }

    boolean ended() {
        return end.get() != null;
    }

    /**
     * Ends the stream with {@code status} (OK completes it) unless it has ended already; the writer
     * tells the client. Any thread.
     */
    boolean end(Status status) {
        if (!end.compareAndSet(null, status)) {
            return false;
        }
        forget.accept(this);
        queue.clear();
        if (Thread.currentThread() != writer) {
            writer.interrupt();
        }
        return true;
    }

    private Offer offer(Outgoing o) {
        if (end.get() != null) {
            return Offer.CLOSED;
        }
        if (queue.offer(o)) {
            return Offer.ACCEPTED;
        }
        if (end(Status.RESOURCE_EXHAUSTED.withDescription("subscriber too slow: its queue of " + queueLimit
                + " updates is full, so the chainwatch simulator closed the stream"))) {
            counters.slowSubscriberDisconnected();
            LOG.info("closed a Geyser stream with RESOURCE_EXHAUSTED: its outbound queue is full");
        }
        return Offer.FULL;
    }

    private SubscribeUpdate.Builder envelope() {
        return SubscribeUpdate.newBuilder().setCreatedAt(GeyserEncoding.timestamp(clock.instant()));
    }

    // ---- the writer -------------------------------------------------------------------------------

    private void writeLoop() {
        try {
            while (end.get() == null) {
                Outgoing o = queue.take();
                hub.roomFreed(queue.remainingCapacity());
                switch (o) {
                    case Outgoing.Update u -> send(u.update());
                    case Outgoing.Replay r -> replay(r);
                }
            }
        } catch (InterruptedException e) {
            // end() interrupts the writer: fall through and tell the client.
        } catch (RuntimeException e) {
            counters.unexpectedFailure();
            LOG.error("Geyser stream {} failed; closing it with INTERNAL", writer.getName(), e);
            end(Status.INTERNAL.withDescription("chainwatch simulator: " + e));
        }
        close();
    }

    /** Encodes the replayed events one at a time, so that a long replay holds little. */
    private void replay(Outgoing.Replay r) throws InterruptedException {
        for (GeyserEvent e : r.events()) {
            new GeyserDelivery(List.of(e), GeyserEncoding.timestamp(clock.instant())).deliverTo(r.filters(), u -> {
                send(u);
                counters.notificationQueued();
                return Offer.ACCEPTED;
            });
        }
    }

    private void send(SubscribeUpdate u) throws InterruptedException {
        while (!out.isReady()) {
            LockSupport.parkNanos(this, READY_RECHECK_NANOS); // the ready handler unparks; the timeout covers a missed signal
            if (Thread.interrupted() || end.get() != null) {
                throw new InterruptedException("stream ended");
            }
        }
        out.onNext(u);
    }

    private void close() {
        Status s = end.get();
        queue.clear();
        if (s == null || s == CLIENT_GONE) {
            return;
        }
        try {
            if (s.isOk()) {
                out.onCompleted();
            } else {
                out.onError(s.asRuntimeException());
            }
        } catch (RuntimeException e) {
            LOG.debug("Geyser stream {} closed before its status could be sent: {}", writer.getName(), e.toString());
        }
    }
}
