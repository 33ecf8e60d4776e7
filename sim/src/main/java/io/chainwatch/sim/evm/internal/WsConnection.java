package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import org.eclipse.jetty.websocket.api.BatchMode;
import org.eclipse.jetty.websocket.api.RemoteEndpoint;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client of an endpoint: its subscriptions and its bounded outbound queue.
 *
 * <p>Ownership: subscriptions are guarded by this object's lock, which answers and notification
 * deliveries also hold, so a notification never overtakes the eth_subscribe answer that announced
 * its id. The queue is thread-safe and bounded; a full queue is the {@link Offer#FULL} outcome and
 * the caller disconnects the client. The writer, a virtual thread of its own, is the only thread
 * that writes to the socket: it sends what is queued in batches and flushes once per batch.
 */
public final class WsConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    private static final int WRITE_BATCH = 512;

    /** Outcome of queueing one message. */
    public enum Offer { ACCEPTED, FULL, CLOSED }

    private final Session session;
    private final ArrayBlockingQueue<String> outbound;
    private final EndpointCounters counters;
    private final Map<String, Subscription> active = new LinkedHashMap<>();
    private final List<Subscription> pending = new ArrayList<>();
    private volatile boolean closed;
    private volatile Thread writer;

    public WsConnection(Session session, int queueLimit, EndpointCounters counters) {
        this.session = session;
        this.outbound = new ArrayBlockingQueue<>(queueLimit);
        this.counters = counters;
    }

    public void start() {
        writer = Thread.ofVirtual().name("evm-sim-ws-writer").start(this::writeLoop);
    }

    /** Registers a subscription that starts receiving once the answer carrying its id is queued. */
    synchronized void addPending(Subscription s) {
        pending.add(s);
    }

    synchronized boolean unsubscribe(String id) {
        return active.remove(id) != null || pending.removeIf(s -> s.id().equals(id));
    }

    /**
     * Queues the answer to one request (null when there is none), then activates the
     * subscriptions the request created.
     */
    public synchronized Offer answer(String text) {
        Offer o = text == null ? Offer.ACCEPTED : offer(text);
        if (o == Offer.ACCEPTED) {
            for (Subscription s : pending) {
                active.put(s.id(), s);
            }
        }
        pending.clear();
        return o;
    }

    synchronized boolean hasSubscriptions() {
        return !active.isEmpty();
    }

    int room() {
        return outbound.remainingCapacity();
    }

    /**
     * Queues this connection's notifications for one chain change: for each orphaned block its
     * matching logs with {@code removed:true}, then for each new block its head and matching logs.
     * Called by the simulator thread only, which also owns {@code drop}.
     */
    synchronized Offer deliver(Delivery d, double dropRate, SplittableRandom drop) {
        if (active.isEmpty()) {
            return Offer.ACCEPTED;
        }
        List<SimBlock> removed = d.removed();
        for (int b = 0; b < removed.size(); b++) {
            List<SimLog> logs = removed.get(b).logs();
            for (Subscription s : active.values()) {
                if (s.kind() != Subscription.Kind.LOGS) {
                    continue;
                }
                for (int i = 0; i < logs.size(); i++) {
                    if (s.filter().matches(logs.get(i))) {
                        Offer o = notify(s.notification(d.removedLog(b, i)), dropRate, drop);
                        if (o != Offer.ACCEPTED) {
                            return o;
                        }
                    }
                }
            }
        }
        List<SimBlock> added = d.added();
        for (int b = 0; b < added.size(); b++) {
            List<SimLog> logs = added.get(b).logs();
            for (Subscription s : active.values()) {
                if (s.kind() == Subscription.Kind.NEW_HEADS) {
                    Offer o = notify(s.notification(d.header(b)), dropRate, drop);
                    if (o != Offer.ACCEPTED) {
                        return o;
                    }
                    continue;
                }
                for (int i = 0; i < logs.size(); i++) {
                    if (s.filter().matches(logs.get(i))) {
                        Offer o = notify(s.notification(d.addedLog(b, i)), dropRate, drop);
                        if (o != Offer.ACCEPTED) {
                            return o;
                        }
                    }
                }
            }
        }
        return Offer.ACCEPTED;
    }

    private Offer notify(String message, double dropRate, SplittableRandom drop) {
        if (dropRate > 0 && drop.nextDouble() < dropRate) {
            counters.notificationsDropped.increment();
            return Offer.ACCEPTED;
        }
        Offer o = offer(message);
        if (o == Offer.ACCEPTED) {
            counters.notificationsQueued.increment();
        }
        return o;
    }

    private Offer offer(String message) {
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

    private void writeLoop() {
        RemoteEndpoint remote = session.getRemote();
        remote.setBatchMode(BatchMode.ON);
        List<String> batch = new ArrayList<>(WRITE_BATCH);
        try {
            while (!closed) {
                batch.add(outbound.take());
                outbound.drainTo(batch, WRITE_BATCH - 1);
                for (String m : batch) {
                    remote.sendString(m, null);
                }
                remote.flush();
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
