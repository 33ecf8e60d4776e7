package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.Faults;
import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.internal.ConnectionSet;
import io.chainwatch.sim.internal.EndpointCounters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fans chain changes out to one endpoint's WebSocket subscribers, as geth does: new heads one by
 * one, logs of orphaned blocks again with {@code removed:true}, then the logs of the new blocks.
 *
 * <p>Ownership: the chain this endpoint has announced ({@code delivered}) and the drop random are
 * owned by the simulator thread, the only caller of {@link #prime} and {@link #onChain}. The
 * connection set is concurrent: server threads add and remove connections.
 *
 * <p>Works from what it announced rather than from the reorg itself, so one rule covers mining,
 * reorgs, and an endpoint that lags: retract announced blocks that are no longer canonical, then
 * announce canonical blocks up to the head this endpoint shows.
 */
public final class NotificationHub {
    /** Announced blocks remembered to retract on a reorg; deeper reorgs are not simulated. */
    public static final int DELIVERED_LIMIT = 128;

    private final ConnectionSet<Subscription> connections;
    private final FaultState faults;
    private final SplittableRandom dropRandom;
    private final ArrayDeque<SimBlock> delivered = new ArrayDeque<>();

    public NotificationHub(FaultState faults, EndpointCounters counters, long seed) {
        this.faults = faults;
        this.connections = new ConnectionSet<>(counters);
        this.dropRandom = new SplittableRandom(seed);
    }

    /** The endpoint's WebSocket connections; the server adds and removes them. */
    public ConnectionSet<Subscription> connections() {
        return connections;
    }

    public int connectionCount() {
        return connections.count();
    }

    /** Room left in the fullest subscribed connection's queue; MAX_VALUE when nobody subscribed. */
    public int minRoom() {
        return connections.minRoom();
    }

    /** Takes the chain as it is when the simulator starts as already announced. */
    public void prime(ChainView view) {
        delivered.addLast(view.headBlock());
    }

    /** Announces what changed since the last call; simulator thread only. */
    public void onChain(ChainView view) {
        Faults f = faults.snapshot();
        long shownHead = Math.max(0, view.head() - f.lagBlocks());
        List<SimBlock> removed = retract(view);
        long from = !delivered.isEmpty() ? delivered.peekLast().number() + 1
                : removed.isEmpty() ? shownHead : removed.getFirst().number();
        List<SimBlock> added = new ArrayList<>();
        for (long n = Math.max(from, view.lowest()); n <= shownHead; n++) {
            added.add(view.block(n));
        }
        for (SimBlock b : added) {
            delivered.addLast(b);
            if (delivered.size() > DELIVERED_LIMIT) {
                delivered.pollFirst();
            }
        }
        if ((removed.isEmpty() && added.isEmpty()) || connections.isEmpty()) {
            return;
        }
        connections.deliver(new Delivery(removed, added, f.lieBlocks()), f.dropNotifications(), dropRandom);
    }

    /** Pops announced blocks that are no longer canonical; returns them oldest first. */
    private List<SimBlock> retract(ChainView view) {
        List<SimBlock> removed = new ArrayList<>();
        while (!delivered.isEmpty()) {
            SimBlock last = delivered.peekLast();
            if (last.number() < view.lowest()) {
                break; // pruned: older than any reorg the simulator makes
            }
            SimBlock canonical = view.block(last.number());
            if (canonical != null && canonical.hash().equals(last.hash())) {
                break;
            }
            removed.addFirst(delivered.pollLast());
        }
        return removed;
    }
}
