package io.chainwatch.sim.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client of a simulated endpoint: its subscriptions (of the chain's type {@code S})
 * and its bounded outbound queue.
 *
 * <p>Ownership: subscriptions are guarded by this object's lock, which answers and notification
 * deliveries also hold, so a notification never overtakes the subscribe answer that announced its
 * id. The queue is thread-safe and bounded; a full queue is the {@link Offer#FULL} outcome and the
 * caller disconnects the client. The writer, a virtual thread of its own, is the only thread that
 * writes to the socket: it sends what is queued in batches and flushes once per batch.
 */
public final class WsConnection<S> {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    private static final int WRITE_BATCH = 512;

    /** Outcome of queueing one message. */
    public enum Offer { ACCEPTED, FULL, CLOSED }

    /** Where a delivery puts its notifications; valid only during {@link Delivery#deliverTo}. */
    @FunctionalInterface
    public interface Outbox {
        /**
         * Queues one notification, the UTF-8 of its text, or drops it when the drop fault says so
         * (then {@link Offer#ACCEPTED}). The array is the caller's no more: it is written as it is.
         */
        Offer notify(byte[] utf8);

        /** Queues one notification given as text. */
        default Offer notify(String message) {
            return notify(message.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One chain change, told to the active subscriptions of one connection at a time. */
    @FunctionalInterface
    public interface Delivery<S> {
        /** Queues what the subscriptions want; stops at, and returns, the first outcome other than ACCEPTED. */
        Offer deliverTo(Collection<S> active, Outbox out);
    }

    private final Session session;
    /** Text messages as UTF-8, encoded when queued: the writer only frames and writes them. */
    private final ArrayBlockingQueue<byte[]> outbound;
    private final EndpointCounters counters;
    private final String writerName;
    private final Map<String, S> active = new LinkedHashMap<>();
    private final Map<String, S> pending = new LinkedHashMap<>();
    private volatile boolean closed;
    private volatile Thread writer;

    public WsConnection(Session session, int queueLimit, EndpointCounters counters, String writerName) {
        this.session = session;
        this.outbound = new ArrayBlockingQueue<>(queueLimit);
        this.counters = counters;
        this.writerName = writerName;
    }

    public void start() {
        writer = Thread.ofVirtual().name(writerName).start(this::writeLoop);
    }

    /** Registers a subscription that starts receiving once the answer carrying its id is queued. */
    public synchronized void addPending(String id, S subscription) {
        pending.put(id, subscription);
    }

    public synchronized boolean unsubscribe(String id) {
        return active.remove(id) != null || pending.remove(id) != null;
    }

    /**
     * Queues the answer to one request (null when there is none), then activates the
     * subscriptions the request created.
     */
    public synchronized Offer answer(String text) {
        Offer o = text == null ? Offer.ACCEPTED : offer(text.getBytes(StandardCharsets.UTF_8));
        if (o == Offer.ACCEPTED) {
            active.putAll(pending);
        }
        pending.clear();
        return o;
    }

    public synchronized boolean hasSubscriptions() {
        return !active.isEmpty();
    }

    public int room() {
        return outbound.remainingCapacity();
    }

    /**
     * Queues this connection's notifications for one chain change. Called by the simulator thread
     * only, which also owns {@code drop}.
     */
    public synchronized Offer deliver(Delivery<S> d, double dropRate, SplittableRandom drop) {
        if (active.isEmpty()) {
            return Offer.ACCEPTED;
        }
        return d.deliverTo(active.values(), message -> notify(message, dropRate, drop));
    }

    private Offer notify(byte[] message, double dropRate, SplittableRandom drop) {
        if (dropRate > 0 && drop.nextDouble() < dropRate) {
            counters.notificationDropped();
            return Offer.ACCEPTED;
        }
        Offer o = offer(message);
        if (o == Offer.ACCEPTED) {
            counters.notificationQueued();
        }
        return o;
    }

    private Offer offer(byte[] message) {
        if (closed) {
            return Offer.CLOSED;
        }
        return outbound.offer(message) ? Offer.ACCEPTED : Offer.FULL;
    }

    /** The peer closed, or the server stops: stop writing. */
    public void closed() {
        closed = true;
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
        outbound.clear();
    }

    /** Drops a client that cannot keep up: hard close, no close handshake behind a full socket. */
    public void abort() {
        closed();
        session.disconnect();
    }

    /**
     * Writes what is queued, in batches with one flush each. Each message goes to Jetty as a text
     * frame over the bytes queued (Jetty's core session), not as a String it would encode again.
     */
    private void writeLoop() {
        List<byte[]> batch = new ArrayList<>(WRITE_BATCH);
        try {
            CoreSession core = ((WebSocketSession) session).getCoreSession();
            while (!closed) {
                batch.add(outbound.take());
                outbound.drainTo(batch, WRITE_BATCH - 1);
                for (byte[] m : batch) {
                    core.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(m)), Callback.NOOP, true);
                }
                FutureCallback flushed = new FutureCallback();
                core.flush(flushed);
                flushed.block();
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.debug("WebSocket write to {} failed, closing: {}", session.getRemoteAddress(), e.toString());
                closed();
                session.disconnect();
            }
        }
    }
}
