package io.chainwatch.evm.ingest;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.config.EvmChainConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.core.trace.PipelineTracer;
import io.chainwatch.core.trace.TraceStage;
import io.chainwatch.evm.decode.DecodeResult;
import io.chainwatch.evm.decode.UniswapV2LogDecoder;
import io.chainwatch.evm.decode.UniswapV2Topics;
import io.chainwatch.evm.rpc.EvmLog;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.market.PairCreated;
import io.chainwatch.market.PoolBook;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.PoolState;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.chainwatch.monitor.StageTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts one chain's blocks in order and turns them into committed pool state. It only ever moves
 * forward from the last committed block, one contiguous range at a time, so duplicates from several
 * endpoints fall away and a gap is filled before the checkpoint passes it. A block whose parent hash
 * does not match the tip is a reorg: state is rolled back to the common ancestor (at most
 * {@code maxReorgDepth} deep) and the new branch is processed forward.
 *
 * <p>Owned by the chain's cursor thread; not thread-safe. {@link #status()} is safe from any thread.
 *
 * <p>One class, past the usual size, because fetching, applying and rolling back all read and move
 * the same cursor-thread state (tip, reorg window, range span) and must see each other's changes at
 * once; split, that state would have to be shared between objects. The writer and the decoder are
 * already apart ({@link SinkWriter}, {@link UniswapV2LogDecoder}).
 */
public final class BlockCursor {
    private static final Logger log = LoggerFactory.getLogger(BlockCursor.class);
    private static final List<Hash32> TOPICS = List.of(UniswapV2Topics.PAIR_CREATED, UniswapV2Topics.SYNC,
            UniswapV2Topics.SWAP, UniswapV2Topics.MINT, UniswapV2Topics.BURN);

    private final EvmChainConfig config;
    private final EndpointPool pool;
    private final EvmRpc rpc;
    private final io.chainwatch.endpoints.HedgedReader hedged;
    private final PoolBook book;
    private final EvmSink sink;
    private final SinkWriter writer;
    private final UniswapV2LogDecoder decoder;
    private final InstantSource clock;
    private final PipelineTracer tracer;
    private final IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(50, 2.0, 0.5, 5_000);
    private final int maxAttempts = 8;
    private final ArrayDeque<BlockRef> window = new ArrayDeque<>();
    private final long firstBlock;

    private final Counter blocks;
    private final Counter events;
    private final Counter malformed;
    private final Counter reorgs;
    private final Counter refusedReorgs;
    private final Counter retries;
    private final Counter historyMissing;
    private final DistributionSummary reorgDepth;
    private final Timer fetchTime;
    private final Timer marketTime;

    // Blocks per request: halved when an endpoint answers that the logs are too many, grown back on success.
    private long span;
    // Below the smallest range a provider refused as too large: growth stops there, so the range does
    // not swing back into the provider's limit every other request.
    private long spanCeiling = Long.MAX_VALUE;
    private BlockRef tip;
    /** The range after the one being processed, asked for early while behind the head; or null. */
    private Ahead ahead;
    private long reorgCount;
    private long refusedCount;
    private ChainStatus.Reorg lastReorg;
    private volatile ChainStatus status;

    public BlockCursor(EvmChainConfig config, EndpointPool pool, EvmRpc rpc, PoolBook book, EvmSink sink, InstantSource clock,
                       MeterRegistry metrics) {
        this(config, pool, rpc, book, sink, clock, metrics, PipelineTracer.OFF);
    }

    /** @param tracer starts each block's trace as its range is decoded; the sink ends it */
    public BlockCursor(EvmChainConfig config, EndpointPool pool, EvmRpc rpc, PoolBook book, EvmSink sink, InstantSource clock,
                       MeterRegistry metrics, PipelineTracer tracer) {
        this.tracer = tracer;
        this.config = config;
        this.pool = pool;
        this.rpc = rpc;
        // Head-following reads are hedged after the primary's p95 (5 ms to 2 s), within 10% extra requests.
        this.hedged = new io.chainwatch.endpoints.HedgedReader(pool, 5, 2_000, 0.1, 10, metrics);
        this.book = book;
        this.sink = sink;
        this.writer = new SinkWriter(config.name(), sink, 4, metrics);
        this.decoder = new UniswapV2LogDecoder(config.name());
        this.clock = clock;
        this.firstBlock = config.dexes().stream().mapToLong(d -> d.startBlock()).min().orElse(0);
        String chain = config.name();
        this.blocks = Counter.builder("chainwatch_blocks_processed").tag("chain", chain)
                .description("Blocks decoded and handed to the store").register(metrics);
        this.events = Counter.builder("chainwatch_pool_events").tag("chain", chain)
                .description("Pool events of watched pools and factories decoded").register(metrics);
        this.malformed = Counter.builder("chainwatch_malformed_logs").tag("chain", chain)
                .description("Logs with a known topic but a wrong layout").register(metrics);
        this.reorgs = Counter.builder("chainwatch_reorgs").tag("chain", chain)
                .description("Reorgs followed (rolled back to the common ancestor)").register(metrics);
        this.refusedReorgs = Counter.builder("chainwatch_reorgs_refused").tag("chain", chain)
                .description("Claimed forks deeper than maxReorgDepth, not followed").register(metrics);
        this.retries = Counter.builder("chainwatch_fetch_retries").tag("chain", chain)
                .description("Range fetches tried again after a failure").register(metrics);
        this.historyMissing = Counter.builder("chainwatch_history_unavailable").tag("chain", chain)
                .description("Ranges an endpoint could not serve below its head (pruned history)").register(metrics);
        this.reorgDepth = DistributionSummary.builder("chainwatch_reorg_depth").tag("chain", chain)
                .description("Depth of each reorg followed, in blocks").register(metrics);
        this.fetchTime = StageTimers.timer(metrics, chain, StageTimers.FETCH);
        this.marketTime = StageTimers.timer(metrics, chain, StageTimers.MARKET);
        this.status = new ChainStatus(chain, -1, -1, 0, 0, 0, null, 0, "starting", false, clock.instant());
        this.span = config.backfillBatchBlocks();
    }

    /** Loads the checkpoint, the reorg window and pool state from the sink (restart). */
    public void resume() throws InterruptedException {
        try {
            writer.flush();
        } catch (RuntimeException e) {
            log.warn("chain={} reloading from the store after a failed commit: {}", config.name(), e.toString());
        }
        writer.reset();
        Optional<BlockRef> checkpoint = sink.checkpoint(config.name());
        window.clear();
        List<BlockRef> recent = sink.recentBlocks(config.name(), config.maxReorgDepth() + 1);
        for (int i = recent.size() - 1; i >= 0; i--) {
            window.addLast(recent.get(i));
        }
        tip = checkpoint.orElse(null);
        dropAhead();
        book.restore(sink.pools(config.name()));
        if (tip != null) {
            log.info("chain={} resuming after block {} ({})", config.name(), tip.number(), tip.hash());
        } else {
            log.info("chain={} starting at block {}", config.name(), firstBlock);
        }
    }

    public Optional<BlockRef> tip() {
        return Optional.ofNullable(tip);
    }

    public ChainStatus status() {
        return status;
    }

    /** The last block whose data the store holds for sure (waits for queued commits). */
    public Optional<BlockRef> committedTip() throws InterruptedException {
        writer.flush();
        return tip();
    }

    /** Stops the writer after the commits already queued. */
    public void close() {
        try {
            writer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("chain={} last commits not written: {}", config.name(), e.toString());
        }
        writer.close();
    }

    /**
     * Processes at most one range towards {@code target}. Returns true when it moved (or rolled back), false
     * when already at the target.
     */
    public boolean step(long head, String headSource) throws InterruptedException {
        long target = head - config.confirmations();
        long next = tip == null ? firstBlock : tip.number() + 1;
        if (target < next) {
            publish(head, headSource, target);
            return false;
        }
        long to = Math.min(target, next + span - 1);
        long fetchStart = System.nanoTime();
        Range range = takeAhead(next);
        if (range == null) {
            range = fetch(next, to);
        }
        if (range == null) {
            publish(head, headSource, target);
            return false;
        }
        long received = System.nanoTime();
        fetchTime.record(received - fetchStart, TimeUnit.NANOSECONDS);
        if (tip != null && !range.headers().getFirst().parentHash().equals(tip.hash())) {
            rollback(range.endpoint());
        } else {
            askAhead(range, target);
            apply(range, received);
        }
        publish(head, headSource, target);
        return true;
    }

    /** Checks that our tip is still on the chain an endpoint serves; rolls back if not. */
    public void verifyTip(Endpoint endpoint) throws InterruptedException {
        if (tip == null) {
            return;
        }
        Optional<BlockRef> there = await(rpc.header(endpoint, tip.number()));
        if (there != null && there.isPresent() && !there.get().hash().equals(tip.hash())) {
            log.info("chain={} tip {} replaced on {}: {} -> {}", config.name(), tip.number(), endpoint.id(), tip.hash(), there.get().hash());
            rollback(endpoint);
        }
    }

    private record Range(Endpoint endpoint, List<BlockRef> headers, List<EvmLog> logs) {
    }

    private record Ahead(long from, java.util.concurrent.CompletableFuture<Range> range) {
    }

    /**
     * Behind the head, asks the endpoint that gave {@code range} for the one after it now, so that
     * the endpoint prepares and sends it while this one is decoded and handed to the store. It is
     * used only if it starts where the next step does and links to the tip then (any reorg in
     * between shows as a parent mismatch and is handled as usual); otherwise dropped.
     */
    private void askAhead(Range range, long target) {
        long from = range.headers().getLast().number() + 1;
        if (from > target) {
            return;
        }
        long to = Math.min(target, from + span - 1);
        ahead = new Ahead(from, rangeFrom(range.endpoint(), from, to));
    }

    /** The range asked for ahead if it starts at {@code from} and arrived whole; null means fetch it now. */
    private Range takeAhead(long from) throws InterruptedException {
        Ahead a = ahead;
        ahead = null;
        if (a == null) {
            return null;
        }
        if (a.from() != from) {
            a.range().cancel(true);
            return null;
        }
        Range r = awaitQuietly(a.range()); // a failure was recorded on the endpoint; fetch() retries as usual
        return r != null && r.endpoint().usable() ? r : null; // benched or quarantined meanwhile: ask again
    }

    private void dropAhead() {
        if (ahead != null) {
            ahead.range().cancel(true);
            ahead = null;
        }
    }

    /** Headers and logs of {@code from..to} from one endpoint, consistent with each other, or null after retries. */
    private Range fetch(long from, long to) throws InterruptedException {
        boolean atHead = pool.bestHead() - to <= config.backfillBatchBlocks();
        if (atHead && pool.ranked().size() > 1) {
            // Latency-critical: the first endpoint to give a whole consistent range wins. Anything
            // unusual (too many logs, a lying head) falls through to the loop below, which knows how.
            Range r = awaitQuietly(hedged.read(e -> rangeFrom(e, from, Math.min(to, from + span - 1))));
            if (r != null) {
                growSpan();
                return r;
            }
        }
        // Endpoints that failed this range are skipped on the next attempt: the scorer may take a
        // second to bench a dead endpoint, and the cursor should not wait for it.
        java.util.Set<Endpoint> failed = new java.util.HashSet<>();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Endpoint e = chooseEndpoint(from, to, failed);
            if (e == null) {
                failed.clear();
                sleep(attempt);
                continue;
            }
            long end = Math.min(from + span - 1, e.head() >= from ? Math.min(to, e.head()) : to);
            try {
                var headersCall = rpc.headers(e, from, end);
                var logsCall = rpc.logs(e, from, end, TOPICS);
                List<BlockRef> headers = await(headersCall);
                List<EvmLog> logs = await(logsCall);
                if (headers == null || logs == null) {
                    throw new EndpointException(e.id(), FailureKind.TIMEOUT, "range " + from + ".." + end);
                }
                String problem = consistency(headers, logs);
                if (problem == null) {
                    growSpan();
                    return new Range(e, headers, logs);
                }
                // A reorg between the two requests, or an endpoint that mixes forks: ask again.
                log.info("chain={} endpoint={} range {}..{} inconsistent ({}), retrying", config.name(), e.id(), from, end, problem);
            } catch (EndpointException ex) {
                if (ex.getMessage().contains("eth_getLogs") && ex.getMessage().contains("more than") && end > from) {
                    spanCeiling = Math.max(1, end - from);
                    span = Math.max(1, (end - from + 1) / 2);
                    log.debug("chain={} {} logs in {}..{} are too many for {}; asking for {} blocks at a time",
                            config.name(), ex.getMessage(), from, end, e.id(), span);
                    continue; // the query was too large, not the endpoint at fault
                }
                if (ex.getMessage().contains("not available") && e.head() >= end) {
                    judgeMissingBlock(e, from, end);
                } else {
                    log.debug("chain={} fetch {}..{} failed: {}", config.name(), from, end, ex.getMessage());
                }
            }
            failed.add(e);
            retries.increment();
            if (failed.size() >= pool.ranked().size()) {
                failed.clear();
                sleep(attempt); // every endpoint failed once: back off before the next round
            }
        }
        log.warn("chain={} blocks {}..{} not fetched after {} attempts; gap stays open, will retry", config.name(), from, to, maxAttempts);
        return null;
    }

    /**
     * An endpoint could not serve a block at or below the head it claims. If it cannot serve that
     * head block either, the head was a lie: quarantined (the scorer lifts it once its head is credible
     * again). If it can, it only lacks old history (a pruned, non-archive node): not its fault, the
     * range goes to another endpoint, and if none has it the gap stays open and is reported.
     */
    private void judgeMissingBlock(Endpoint e, long from, long end) throws InterruptedException {
        long claimed = e.head();
        Optional<BlockRef> own = awaitQuietly(rpc.header(e, claimed));
        if (own != null && own.isEmpty()) {
            e.recordFailure(FailureKind.LYING_HEAD, 0, "claims head " + claimed + " but has no block " + claimed);
            // The scorer's head check lifts it once the endpoint's head is credible again.
            e.quarantine(FailureKind.LYING_HEAD, "reports head " + claimed + " but could not serve it");
            e.resetHead(-1);
            log.warn("chain={} endpoint={} quarantined: claims head {} but cannot serve it", config.name(), e.id(), claimed);
        } else if (own != null) {
            historyMissing.increment();
            log.warn("chain={} endpoint={} has no blocks {}..{} below its head {} (pruned history?); asking another endpoint",
                    config.name(), e.id(), from, end, claimed);
        }
    }

    /** After a good range: ask for twice as many blocks next time, up to the batch size and below any refused size. */
    private void growSpan() {
        span = Math.min(Math.min(config.backfillBatchBlocks(), spanCeiling), span * 2);
    }

    /** One endpoint's headers and logs for a range, checked against each other. */
    private java.util.concurrent.CompletableFuture<Range> rangeFrom(Endpoint e, long from, long to) {
        long end = e.head() >= from ? Math.min(to, e.head()) : to;
        return rpc.headers(e, from, end).thenCombine(rpc.logs(e, from, end, TOPICS), (headers, logs) -> {
            String problem = consistency(headers, logs);
            if (problem != null) {
                // A reorg between the two requests: not the endpoint's fault, nothing recorded against it.
                throw new EndpointException(e.id(), FailureKind.RPC_ERROR, "inconsistent range " + from + ".." + end + ": " + problem);
            }
            return new Range(e, headers, logs);
        });
    }

    private <T> T awaitQuietly(java.util.concurrent.CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            f.cancel(true);
            return null;
        }
    }

    private Endpoint chooseEndpoint(long from, long to, java.util.Set<Endpoint> failed) {
        // Latency-critical work at the head goes to the best endpoint; deep backfills spread by weight.
        boolean bulk = pool.bestHead() - to > config.backfillBatchBlocks();
        Optional<Endpoint> pick = bulk ? pool.pickWeighted() : pool.best();
        if (pick.isPresent() && !failed.contains(pick.get()) && (pick.get().head() < 0 || pick.get().head() >= from)) {
            return pick.get();
        }
        // The pick failed this range already or is behind us: the best one left that has the blocks.
        for (Endpoint e : pool.ranked()) {
            if (!failed.contains(e) && e.head() >= from) {
                return e;
            }
        }
        return null;
    }

    private String consistency(List<BlockRef> headers, List<EvmLog> logs) {
        Map<Long, Hash32> hashes = new HashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            BlockRef h = headers.get(i);
            if (i > 0 && !h.parentHash().equals(headers.get(i - 1).hash())) {
                return "block " + h.number() + " does not link to " + (h.number() - 1);
            }
            hashes.put(h.number(), h.hash());
        }
        for (EvmLog l : logs) {
            Hash32 expected = hashes.get(l.blockNumber());
            if (expected == null || !expected.equals(l.blockHash())) {
                return "log in block " + l.blockNumber() + " has hash " + l.blockHash();
            }
        }
        return null;
    }

    /** @param received when the range arrived ({@link System#nanoTime()}): its commit is timed from then to its decision */
    private void apply(Range range, long received) throws InterruptedException {
        Map<Long, List<EvmLog>> byBlock = new LinkedHashMap<>();
        for (EvmLog l : range.logs()) {
            if (!l.removed()) {
                byBlock.computeIfAbsent(l.blockNumber(), k -> new ArrayList<>()).add(l);
            }
        }
        List<BlockBatch> batches = new ArrayList<>(range.headers().size());
        for (BlockRef header : range.headers()) {
            List<EvmLog> logs = byBlock.getOrDefault(header.number(), new ArrayList<>());
            logs.sort((a, b) -> Integer.compare(a.logIndex(), b.logIndex()));
            List<PoolEvent> kept = new ArrayList<>();
            Map<io.chainwatch.core.Address, PoolState> changed = new LinkedHashMap<>();
            BlockTrace trace = tracer.block(config.name(), header.number(), header.hash());
            TraceStage decoding = trace.stage("decode");
            for (EvmLog l : logs) {
                DecodeResult r = decoder.decode(l);
                if (r instanceof DecodeResult.Malformed m) {
                    malformed.increment();
                    log.warn("chain={} endpoint={} malformed log skipped: {}", config.name(), range.endpoint().id(), m.reason());
                    continue;
                }
                if (!(r instanceof DecodeResult.Decoded d)) {
                    continue;
                }
                PoolEvent ev = d.event();
                boolean ours = ev instanceof PairCreated pc ? book.isFactory(pc.factory()) : book.isPool(ev.pool());
                if (!ours) {
                    continue;
                }
                book.apply(ev).ifPresent(s -> changed.put(s.address(), s));
                if (ev instanceof PairCreated && !book.isPool(ev.pool())) {
                    continue; // before its factory's start block
                }
                kept.add(ev);
            }
            decoding.close();
            batches.add(new BlockBatch(config.name(), header, kept, List.copyOf(changed.values()), trace));
        }
        marketTime.record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
        writer.submit(batches, received);
        for (BlockBatch b : batches) {
            window.addLast(b.block());
            events.increment(b.events().size());
        }
        while (window.size() > config.maxReorgDepth() + 1) {
            window.removeFirst();
        }
        tip = range.headers().getLast();
        blocks.increment(range.headers().size());
        book.prune(tip.number() - config.maxReorgDepth() - 1);
        book.publish();
    }

    private void rollback(Endpoint endpoint) throws InterruptedException {
        long lowest = window.isEmpty() ? tip.number() : window.peekFirst().number();
        long bound = Math.max(lowest, tip.number() - config.maxReorgDepth());
        Map<Long, BlockRef> ours = new HashMap<>();
        for (BlockRef b : window) {
            ours.put(b.number(), b);
        }
        for (long n = tip.number(); n >= bound; n--) {
            Optional<BlockRef> theirs = await(rpc.header(endpoint, n));
            if (theirs == null) {
                return; // endpoint failed mid-search; try again on the next step
            }
            BlockRef mine = ours.get(n);
            if (theirs.isPresent() && mine != null && theirs.get().hash().equals(mine.hash())) {
                int depth = (int) (tip.number() - n);
                writer.flush(); // the store must hold what it is asked to roll back
                List<PoolState> restored = book.rollbackTo(n);
                sink.rollback(config.name(), n, mine.hash(), restored);
                while (!window.isEmpty() && window.peekLast().number() > n) {
                    window.removeLast();
                }
                log.warn("chain={} reorg of depth {} from {}: rolled back to block {} ({}), {} pools restored",
                        config.name(), depth, endpoint.id(), n, mine.hash(), restored.size());
                tip = mine;
                dropAhead(); // read on the branch just left
                reorgCount++;
                reorgs.increment();
                reorgDepth.record(depth);
                lastReorg = new ChainStatus.Reorg(depth, n, clock.instant());
                return;
            }
        }
        refusedCount++;
        refusedReorgs.increment();
        endpoint.recordFailure(FailureKind.DEEP_FORK, 0, "fork deeper than maxReorgDepth " + config.maxReorgDepth());
        endpoint.quarantine(FailureKind.DEEP_FORK, "reported a fork deeper than maxReorgDepth (" + config.maxReorgDepth() + ") below block " + tip.number());
        log.error("chain={} endpoint={} reports a fork deeper than maxReorgDepth={} below block {}: not followed, endpoint quarantined",
                config.name(), endpoint.id(), config.maxReorgDepth(), tip.number());
    }

    private void publish(long head, String headSource, long target) {
        long processed = tip == null ? firstBlock - 1 : tip.number();
        long gap = Math.max(0, target - processed);
        status = new ChainStatus(config.name(), head, processed, Math.max(0, head - processed), gap, reorgCount, lastReorg,
                refusedCount, headSource, gap == 0, clock.instant());
    }

    private void sleep(int attempt) throws InterruptedException {
        Thread.sleep(backoff.apply(attempt));
    }

    /** Waits for a request; null when it failed (the endpoint has recorded why). */
    private <T> T await(java.util.concurrent.CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EndpointException ee) {
                throw ee;
            }
            log.warn("chain={} request failed: {}", config.name(), String.valueOf(e.getCause()));
            return null;
        } catch (TimeoutException e) {
            f.cancel(true);
            return null;
        }
    }
}
