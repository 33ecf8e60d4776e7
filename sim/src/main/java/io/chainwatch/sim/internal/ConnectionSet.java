package io.chainwatch.sim.internal;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open WebSocket connections of one endpoint. Server threads add and remove connections; the
 * simulator thread delivers chain changes to all of them and disconnects a client whose queue is
 * full (counted as a slow subscriber).
 */
public final class ConnectionSet<S> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSet.class);

    private final Set<WsConnection<S>> connections = ConcurrentHashMap.newKeySet();
    private final EndpointCounters counters;
    /** Set once by the simulator, before slots flow; run by the connections' writers. */
    private volatile IntConsumer roomListener = room -> {
    };

    public ConnectionSet(EndpointCounters counters) {
        this.counters = counters;
    }

    public void register(WsConnection<S> c) {
        connections.add(c);
    }

    public void unregister(WsConnection<S> c) {
        connections.remove(c);
    }

    public int count() {
        return connections.size();
    }

    public boolean isEmpty() {
        return connections.isEmpty();
    }

    /**
     * Has {@code listener} told the room left in a connection's queue each time its writer took messages
     * off it, so that a producer waiting for room ({@link #minRoom}) wakes when there is enough rather
     * than polling for it. The listener runs on the writers' threads and must not block.
     */
    public void onRoomFreed(IntConsumer listener) {
        roomListener = listener;
    }

    /** A connection's writer took messages off its queue, which now has {@code room}. */
    void roomFreed(int room) {
        roomListener.accept(room);
    }

    /** Room left in the fullest subscribed connection's queue; MAX_VALUE when nobody subscribed. */
    public int minRoom() {
        int min = Integer.MAX_VALUE;
        for (WsConnection<S> c : connections) {
            if (c.hasSubscriptions()) {
                min = Math.min(min, c.room());
            }
        }
        return min;
    }

    /** Hands one change to every connection; simulator thread only (it owns {@code drop}). */
    public void deliver(WsConnection.Delivery<S> d, double dropRate, SplittableRandom drop) {
        for (WsConnection<S> c : connections) {
            WsConnection.Offer o = c.deliver(d, dropRate, drop);
            if (o == WsConnection.Offer.FULL) {
                counters.slowSubscriberDisconnected();
                LOG.info("disconnected a WebSocket subscriber: its outbound queue is full");
                connections.remove(c);
                c.abort();
            } else if (o == WsConnection.Offer.CLOSED) {
                connections.remove(c);
            }
        }
    }
}
