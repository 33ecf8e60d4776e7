package io.chainwatch.market;

import io.chainwatch.core.Address;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Current state of every tracked pool of one chain, with an undo journal so that a reorg rolls it
 * back to the common ancestor exactly. Owned by the chain's cursor thread; not thread-safe. Readers
 * on other threads use {@link #snapshot()}, an immutable copy published after each block.
 */
public final class PoolBook {
    /** What a factory is called in config, and the fee its pairs charge. */
    public record Dex(String name, int feeBps, long startBlock) {
    }

    private record Undo(long blockNumber, Address pool, PoolState previous) {
    }

    private final String chain;
    private final Map<Address, Dex> factories;
    private final Map<Address, PoolState> pools = new LinkedHashMap<>();
    private final ArrayDeque<Undo> journal = new ArrayDeque<>();
    private volatile List<PoolState> snapshot = List.of();

    public PoolBook(String chain, Map<Address, Dex> factories) {
        this.chain = chain;
        this.factories = Map.copyOf(factories);
    }

    public String chain() {
        return chain;
    }

    public boolean isFactory(Address a) {
        return factories.containsKey(a);
    }

    public boolean isPool(Address a) {
        return pools.containsKey(a);
    }

    public Optional<PoolState> pool(Address a) {
        return Optional.ofNullable(pools.get(a));
    }

    /** Loads state kept by the store (restart); clears the journal. */
    public void restore(Collection<PoolState> states) {
        pools.clear();
        journal.clear();
        for (PoolState s : states) {
            pools.put(s.address(), s);
        }
        publish();
    }

    /**
     * Applies one decoded event. Returns the pool's new state when it changed, or empty when the event
     * is not for a tracked pool (or a PairCreated of a factory we do not track, or before its start block).
     */
    public Optional<PoolState> apply(PoolEvent event) {
        LogPosition p = event.position();
        return switch (event) {
            case PairCreated pc -> {
                Dex dex = factories.get(pc.factory());
                if (dex == null || p.blockNumber() < dex.startBlock() || pools.containsKey(pc.pair())) {
                    yield Optional.empty();
                }
                PoolState s = new PoolState(chain, dex.name(), pc.pair(), pc.token0(), pc.token1(), dex.feeBps(),
                        io.chainwatch.core.U256.ZERO, io.chainwatch.core.U256.ZERO, p.blockNumber(), p.blockHash());
                record(p.blockNumber(), pc.pair(), null);
                pools.put(pc.pair(), s);
                yield Optional.of(s);
            }
            case Sync sync -> {
                PoolState before = pools.get(sync.pool());
                if (before == null) {
                    yield Optional.empty();
                }
                PoolState after = before.withReserves(sync.reserve0(), sync.reserve1(), p.blockNumber(), p.blockHash());
                record(p.blockNumber(), sync.pool(), before);
                pools.put(sync.pool(), after);
                yield Optional.of(after);
            }
            // Reserves move only by Sync, which the pair emits with every Swap, Mint and Burn.
            case Swap swap -> Optional.empty();
            case Mint mint -> Optional.empty();
            case Burn burn -> Optional.empty();
        };
    }

    private void record(long block, Address pool, PoolState previous) {
        journal.addLast(new Undo(block, pool, previous));
    }

    /** Undoes every change made in blocks above {@code ancestor}; returns the pools whose state changed back. */
    public List<PoolState> rollbackTo(long ancestor) {
        Map<Address, PoolState> restored = new HashMap<>();
        while (!journal.isEmpty() && journal.peekLast().blockNumber() > ancestor) {
            Undo u = journal.removeLast();
            if (u.previous() == null) {
                pools.remove(u.pool());
                restored.remove(u.pool()); // created on the orphaned branch: gone, and the store drops it too
            } else {
                pools.put(u.pool(), u.previous());
                restored.put(u.pool(), u.previous());
            }
        }
        publish();
        return List.copyOf(restored.values());
    }

    /** Forgets undo entries at or below {@code finalizedBlock}: they can no longer be reorged away. */
    public void prune(long finalizedBlock) {
        while (!journal.isEmpty() && journal.peekFirst().blockNumber() <= finalizedBlock) {
            journal.removeFirst();
        }
    }

    public int journalSize() {
        return journal.size();
    }

    /** Publishes the current state for readers on other threads. Call after each committed block or batch. */
    public void publish() {
        snapshot = List.copyOf(pools.values());
    }

    public List<PoolState> snapshot() {
        return snapshot;
    }

}
