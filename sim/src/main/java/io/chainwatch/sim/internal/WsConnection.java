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
import java.util.function.IntConsumer;
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
 * writes to the socket: it sends what is queued in batches and flushes once per batch. Each batch it
 * takes off the queue, it tells {@code roomFreed} the room left, which wakes load production waiting
 * for room.
 */
public final class WsConnection<S> {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    private static final int WRITE_BATCH = 512;
    private static final byte[] NONE = new byte[0];
    private static final byte[][] NO_PIECES = new byte[0][];

    /** Outcome of queueing one message. */
    public enum Offer { ACCEPTED, FULL, CLOSED }

    /** Where a delivery puts its notifications; valid only during {@link Delivery#deliverTo}. */
    @FunctionalInterface
    public interface Outbox {
        /**
         * Queues one notification, the UTF-8 of its text in parts that follow each other (a head, the
         * pieces of a body, a tail), or drops it when the drop fault says so (then {@link Offer#ACCEPTED}).
         * The arrays are the caller's no more and are never written again: the writer copies them out
         * when it sends the message.
         */
        Offer notify(byte[] head, byte[][] body, byte[] tail);

        /** Queues one notification, the UTF-8 of its text, written as it is. */
        default Offer notify(byte[] utf8) {
            return notify(utf8, NO_PIECES, NONE);
        }

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

    /**
     * A text message as UTF-8 in parts, encoded when queued: the writer only joins, frames and writes
     * them. A notification made of shared pieces (a transaction's logs, themselves in pieces, between a
     * slot's head and a subscription id) is queued as those pieces, not copied into an array of its own.
     */
    private record Text(byte[] head, byte[][] body, byte[] tail) {
        boolean whole() {
            return body.length == 0 && tail.length == 0;
        }

        int length() {
            int n = head.length + tail.length;
            for (byte[] piece : body) {
                n += piece.length;
            }
            return n;
        }
    }

    private final Session session;
    private final ArrayBlockingQueue<Text> outbound;
    private final EndpointCounters counters;
    private final String writerName;
    private final IntConsumer roomFreed;
    private final Map<String, S> active = new LinkedHashMap<>();
    private final Map<String, S> pending = new LinkedHashMap<>();
    private volatile boolean closed;
    private volatile Thread writer;

    /** @param roomFreed told the room left by the writer each time it took messages off the queue; must not block */
    public WsConnection(Session session, int queueLimit, EndpointCounters counters, String writerName, IntConsumer roomFreed) {
        this.session = session;
        this.outbound = new ArrayBlockingQueue<>(queueLimit);
        this.counters = counters;
        this.writerName = writerName;
        this.roomFreed = roomFreed;
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
        Offer o = text == null ? Offer.ACCEPTED : offer(new Text(text.getBytes(StandardCharsets.UTF_8), NO_PIECES, NONE));
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
        return d.deliverTo(active.values(), (head, body, tail) -> notify(new Text(head, body, tail), dropRate, drop));
    }

    private Offer notify(Text message, double dropRate, SplittableRandom drop) {
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

    private Offer offer(Text message) {
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
     * frame over the bytes queued (Jetty's core session), not as a String it would encode again: a
     * whole array as it is, parts joined into one direct buffer of the writer's that the next batch
     * reuses once this one's flush has completed (Jetty is done with the frames' bytes by then).
     */
    private void writeLoop() {
        List<Text> batch = new ArrayList<>(WRITE_BATCH);
        ByteBuffer parts = ByteBuffer.allocateDirect(0); // grows to the largest batch of messages in parts
        try {
            CoreSession core = ((WebSocketSession) session).getCoreSession();
            while (!closed) {
                batch.add(outbound.take());
                outbound.drainTo(batch, WRITE_BATCH - 1);
                roomFreed.accept(outbound.remainingCapacity());
                parts = emptied(parts, batch);
                for (Text m : batch) {
                    core.sendFrame(new Frame(OpCode.TEXT, payload(m, parts)), Callback.NOOP, true);
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

    /** {@code parts} emptied, or a larger buffer when the batch's messages in parts need more. */
    private static ByteBuffer emptied(ByteBuffer parts, List<Text> batch) {
        long need = 0;
        for (Text m : batch) {
            need += m.whole() ? 0 : m.length();
        }
        if (need <= parts.capacity()) {
            return parts.clear();
        }
        return ByteBuffer.allocateDirect((int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * parts.capacity())));
    }

    private static ByteBuffer payload(Text m, ByteBuffer parts) {
        if (m.whole()) {
            return ByteBuffer.wrap(m.head());
        }
        int from = parts.position();
        parts.put(m.head());
        for (byte[] piece : m.body()) {
            parts.put(piece);
        }
        parts.put(m.tail());
        return parts.slice(from, parts.position() - from);
    }
}
