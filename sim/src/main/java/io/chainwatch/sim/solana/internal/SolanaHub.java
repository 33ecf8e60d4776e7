package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.internal.ConnectionSet;
import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.solana.SolanaFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Fans ledger changes out to one endpoint's WebSocket subscribers, as a Solana node does: each new
 * block once when it is processed (with its slot notification), again when it is confirmed, again
 * when it is finalized, each time to the subscriptions of that commitment level. Abandoned blocks
 * were told at processed and are never told again.
 *
 * <p>Works from what it announced at each level rather than from the change itself, so one rule
 * covers new slots, forks and an endpoint that lags: announce the canonical blocks between what was
 * announced and what the endpoint shows now.
 *
 * <p>Ownership: the announced levels and the drop random are owned by the simulator thread, the
 * only caller of {@link #prime} and {@link #onLedger}. The connection set is concurrent: server
 * threads add and remove connections.
 */
public final class SolanaHub implements LedgerListener {
    private final ConnectionSet<SolSub> connections;
    private final SolanaFaultState faults;
    private final SplittableRandom dropRandom;
    private final AnnouncedLevels announced = new AnnouncedLevels();

    public SolanaHub(SolanaFaultState faults, EndpointCounters counters, long seed) {
        this.faults = faults;
        this.connections = new ConnectionSet<>(counters);
        this.dropRandom = new SplittableRandom(seed);
    }

    public ConnectionSet<SolSub> connections() {
        return connections;
    }

    public int connectionCount() {
        return connections.count();
    }

    @Override
    public int minRoom() {
        return connections.minRoom();
    }

    @Override
    public void onRoomFreed(IntConsumer wake) {
        connections.onRoomFreed(wake);
    }

    /** Takes the ledger as it is when the simulator starts as already announced. */
    @Override
    public void prime(LedgerView view) {
        announced.prime(view.shown(faults.snapshot().lagSlots()));
    }

    /** Announces what reached each level since the last call; simulator thread only. */
    @Override
    public void onLedger(LedgerView view) {
        SolanaFaults f = faults.snapshot();
        LedgerView.Shown s = view.shown(f.lagSlots());
        List<SolanaDelivery.Item> items = new ArrayList<>();
        announced.advance(view, s, (level, block) -> items.add(new SolanaDelivery.Item(level, block, s.finalized())));
        if (items.isEmpty() || connections.isEmpty()) {
            return;
        }
        connections.deliver(new SolanaDelivery(items), f.dropNotifications(), dropRandom);
    }
}
