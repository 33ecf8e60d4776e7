package io.chainwatch.sim.solana.internal;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * What an endpoint transport learns from the simulator thread: every published ledger snapshot, and
 * the blocks a fork abandoned. The WebSocket {@link SolanaHub} is one; a gRPC Geyser server is meant
 * to be another (its slot updates carry processed, confirmed, finalized and, for abandoned blocks,
 * dead; {@code from_slot} replays read older blocks from the view).
 *
 * <p>Called by the simulator thread only, one call at a time; implementations must not block (queue
 * and count, as {@link SolanaHub} does).
 */
public interface LedgerListener {
    /** The ledger as it is when the simulator starts, taken as already announced. */
    void prime(LedgerView view);

    /** A new snapshot: announce what changed since the last one. */
    void onLedger(LedgerView view);

    /** Blocks a fork just abandoned, newest first, before the snapshot without them is published. */
    default void onAbandoned(List<SolBlock> blocks) {
    }

    /**
     * Room left for notifications in the fullest subscriber's queue, for load production (which
     * waits until every subscriber can take a whole slot); MAX_VALUE when nobody is subscribed.
     */
    default int minRoom() {
        return Integer.MAX_VALUE;
    }

    /**
     * Has {@code wake} told the room left in a subscriber's queue (on any thread; it never blocks)
     * whenever the queue got room, so that load production waiting for room wakes then. A listener
     * that does not tell leaves load production to look again after a while of its own.
     */
    default void onRoomFreed(IntConsumer wake) {
    }
}
