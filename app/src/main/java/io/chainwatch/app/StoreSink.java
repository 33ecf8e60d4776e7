package io.chainwatch.app;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.core.trace.TraceStage;
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
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StoreSink.class);
    /** Told of every rollback once it is stored. */
    private final io.chainwatch.core.Listeners<Rollback> rolledBack = new io.chainwatch.core.Listeners<>(log, "a rollback");

    /** A chain rolled back to {@code ancestor}: the blocks above it are orphaned. */
    record Rollback(String chain, long ancestor) {
    }

    StoreSink(EvmStore store, MeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Stores the blocks, then tells the listener (trading decides on them); each block's trace ends here. */
    @Override
    public void commit(List<BlockBatch> batches) {
        try {
            List<EvmStore.BlockBatch> out = new ArrayList<>(batches.size());
            for (BlockBatch b : batches) {
                out.add(new EvmStore.BlockBatch(b.chain(), b.block(), b.events(), b.changedPools()));
            }
            List<TraceStage> storing = stages(batches, "store");
            long start = System.nanoTime();
            try {
                store.commit(out);
                if (!batches.isEmpty()) {
                    storeTimes.computeIfAbsent(batches.getFirst().chain(), c -> StageTimers.timer(metrics, c, StageTimers.STORE))
                            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            } finally {
                // Closed in the reverse order of opening: each puts back the log ids the one before it replaced.
                for (int i = storing.size() - 1; i >= 0; i--) {
                    storing.get(i).close();
                }
            }
            committed.accept(batches);
        } finally {
            for (BlockBatch b : batches) {
                b.trace().end();
            }
        }
    }

    /** One stage per traced block: the blocks share the one transaction. Nothing when tracing is off. */
    private static List<TraceStage> stages(List<BlockBatch> batches, String name) {
        if (batches.isEmpty() || batches.getFirst().trace() == BlockTrace.NONE) {
            return List.of();
        }
        List<TraceStage> out = new ArrayList<>(batches.size());
        for (BlockBatch b : batches) {
            out.add(b.trace().stage(name));
        }
        return out;
    }

    void onCommitted(java.util.function.Consumer<List<BlockBatch>> listener) {
        this.committed = listener;
    }

    /** Adds a listener told of every rollback once it is stored. */
    void onRolledBack(java.util.function.Consumer<Rollback> listener) {
        rolledBack.add(listener);
    }

    @Override
    public void rollback(String chain, long ancestor, Hash32 ancestorHash, List<PoolState> restoredPools) {
        store.rollback(chain, ancestor, ancestorHash, restoredPools);
        rolledBack.tell(new Rollback(chain, ancestor));
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
