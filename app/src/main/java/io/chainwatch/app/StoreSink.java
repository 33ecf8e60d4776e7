package io.chainwatch.app;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.evm.ingest.BlockBatch;
import io.chainwatch.evm.ingest.EvmSink;
import io.chainwatch.market.PoolState;
import io.chainwatch.monitor.StageTimers;
import io.chainwatch.store.EvmStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Connects the cursor's sink port to the PostgreSQL store; the store knows nothing of ingestion. */
final class StoreSink implements EvmSink {
    private final EvmStore store;
    private final MeterRegistry metrics;
    /** Each chain's store stage timer ({@link StageTimers#STORE}): the commit alone, not the listeners it tells. */
    private final Map<String, Timer> storeTimes = new ConcurrentHashMap<>();
    /** Told of every commit once it is stored (trading acts on committed blocks only); set once at start. */
    private volatile java.util.function.Consumer<List<BlockBatch>> committed = b -> {
    };
    private volatile java.util.function.Consumer<String> rolledBack = c -> {
    };

    StoreSink(EvmStore store, MeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void commit(List<BlockBatch> batches) {
        List<EvmStore.BlockBatch> out = new ArrayList<>(batches.size());
        for (BlockBatch b : batches) {
            out.add(new EvmStore.BlockBatch(b.chain(), b.block(), b.events(), b.changedPools()));
        }
        long start = System.nanoTime();
        store.commit(out);
        if (!batches.isEmpty()) {
            storeTimes.computeIfAbsent(batches.getFirst().chain(), c -> StageTimers.timer(metrics, c, StageTimers.STORE))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        committed.accept(batches);
    }

    void onCommitted(java.util.function.Consumer<List<BlockBatch>> listener) {
        this.committed = listener;
    }

    /** Told of every rollback once it is stored (the chain's name); set once at start. */
    void onRolledBack(java.util.function.Consumer<String> listener) {
        this.rolledBack = listener;
    }

    @Override
    public void rollback(String chain, long ancestor, Hash32 ancestorHash, List<PoolState> restoredPools) {
        store.rollback(chain, ancestor, ancestorHash, restoredPools);
        rolledBack.accept(chain);
    }

    @Override
    public Optional<BlockRef> checkpoint(String chain) {
        return store.checkpoint(chain);
    }

    @Override
    public List<BlockRef> recentBlocks(String chain, int n) {
        return store.recentBlocks(chain, n);
    }

    @Override
    public List<PoolState> pools(String chain) {
        return store.pools(chain);
    }
}
