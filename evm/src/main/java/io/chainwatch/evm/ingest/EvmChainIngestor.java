package io.chainwatch.evm.ingest;

import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.core.config.DexConfig;
import io.chainwatch.core.config.EvmChainConfig;
import io.chainwatch.core.trace.PipelineTracer;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.evm.rpc.NewHeadsSubscription;
import io.chainwatch.market.PoolBook;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one EVM chain: a scorer thread probes every endpoint (head, latency, chain id) and re-scores
 * them each second; one WebSocket newHeads subscription on the best WebSocket endpoint, moved to the
 * next best when it fails (the cursor backfills whatever the switch missed, since it only moves from its
 * own tip); HTTP polling when no WebSocket endpoint is healthy; and the cursor thread that owns the
 * {@link BlockCursor} and the {@link PoolBook}.
 */
public final class EvmChainIngestor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvmChainIngestor.class);
    /** How old another endpoint's head answer may be and still count against a head that looks like a lie. */
    static final long HEAD_EVIDENCE_MAX_AGE_MS = 5_000;
    /** How often each endpoint is asked its chain id again: another chain's node can take over a URL at any time. */
    static final long CHAIN_ID_RECHECK_MS = 10_000;

    private final EvmChainConfig config;
    private final EndpointPool pool;
    /** Head and chain-id probes: over HTTP, so that they time the provider, not our busy data connection. */
    private final EvmRpc probes;
    private final PoolBook book;
    private final BlockCursor cursor;
    private final LinkedBlockingQueue<BlockRef> heads = new LinkedBlockingQueue<>(4096);
    /** When each endpoint was last asked its chain id (absent: ask now); scorer thread and probe callbacks. */
    private final Map<Endpoint, Long> chainIdAskedAtMs = new ConcurrentHashMap<>();
    /** When each endpoint last answered a head probe; written by probe callbacks, read by them. */
    private final Map<Endpoint, Long> headAnsweredAtMs = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final ScheduledExecutorService scorer;
    private final Thread cursorThread;
    /** When each endpoint's newHeads subscription last failed: skipped for a while when choosing the next. */
    private final Map<Endpoint, Long> subscriptionFailedAtMs = new ConcurrentHashMap<>();
    private static final long SUBSCRIPTION_RETRY_AFTER_MS = 3_000;
    private volatile NewHeadsSubscription subscription;
    private volatile boolean connecting;
    private volatile boolean running = true;

    /**
     * @param rpc    carries the chain data the cursor reads (headers, logs)
     * @param probes carries the scorer's probes (head, chain id)
     */
    public EvmChainIngestor(EvmChainConfig config, EndpointPool pool, EvmRpc rpc, EvmRpc probes, EvmSink sink, InstantSource clock,
                            MeterRegistry metrics) {
        this(config, pool, rpc, probes, sink, clock, metrics, PipelineTracer.OFF);
    }

    /** @param tracer traces each block from its decoding on (the sink marks the later stages and ends it) */
    public EvmChainIngestor(EvmChainConfig config, EndpointPool pool, EvmRpc rpc, EvmRpc probes, EvmSink sink, InstantSource clock,
                            MeterRegistry metrics, PipelineTracer tracer) {
        this.config = config;
        this.pool = pool;
        this.probes = probes;
        this.clock = clock;
        Map<Address, PoolBook.Dex> factories = new HashMap<>();
        for (DexConfig d : config.dexes()) {
            factories.put(d.factory(), new PoolBook.Dex(d.name(), d.feeBps(), d.startBlock()));
        }
        this.book = new PoolBook(config.name(), factories);
        this.cursor = new BlockCursor(config, pool, rpc, book, sink, clock, metrics, tracer);
        this.scorer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scorer-" + config.name());
            t.setDaemon(true);
            return t;
        });
        this.cursorThread = new Thread(this::runCursor, "cursor-" + config.name());
        this.cursorThread.setDaemon(true);
        Gauge.builder("chainwatch_chain_head", this, x -> x.status().head()).tag("chain", config.name())
                .description("Best credible head block of the chain's endpoints").register(metrics);
        Gauge.builder("chainwatch_chain_processed", this, x -> x.status().processed()).tag("chain", config.name())
                .description("Highest block processed (the cursor's tip)").register(metrics);
        Gauge.builder("chainwatch_chain_lag_blocks", this, x -> x.status().lag()).tag("chain", config.name())
                .description("Blocks between the head and the highest processed block").register(metrics);
        Gauge.builder("chainwatch_chain_open_gap_blocks", this, x -> x.status().openGapBlocks()).tag("chain", config.name())
                .description("Blocks below the head not yet processed (a gap being filled)").register(metrics);
        Gauge.builder("chainwatch_pools_tracked", book, b -> b.snapshot().size()).tag("chain", config.name())
                .description("Pools in the chain's pool book").register(metrics);
    }

    public void start() {
        try {
            cursor.resume();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting chain " + config.name(), e);
        }
        scorer.scheduleWithFixedDelay(this::probeAndScore, 0, 1, TimeUnit.SECONDS);
        cursorThread.start();
    }

    public String chain() {
        return config.name();
    }

    public EndpointPool endpoints() {
        return pool;
    }

    public ChainStatus status() {
        return cursor.status();
    }

    public PoolBook book() {
        return book;
    }

    // ---- scorer thread ---------------------------------------------------------------------

    private void probeAndScore() {
        try {
            for (Endpoint e : pool.all()) {
                probe(e);
            }
            pool.evaluate();
            ensureSubscription();
        } catch (RuntimeException e) {
            log.warn("chain={} scoring round failed: {}", config.name(), e.toString());
        }
    }

    private void probe(Endpoint e) {
        Long askedAt = chainIdAskedAtMs.get(e);
        if (askedAt == null || clock.millis() - askedAt >= CHAIN_ID_RECHECK_MS) {
            checkChainId(e);
        }
        probes.blockNumber(e).whenComplete((head, err) -> {
            if (err == null) {
                headAnsweredAtMs.put(e, clock.millis());
                checkHead(e, head);
            }
        });
    }

    private void checkChainId(Endpoint e) {
        chainIdAskedAtMs.put(e, clock.millis());
        probes.chainId(e).whenComplete((id, err) -> {
            if (err != null) {
                chainIdAskedAtMs.remove(e); // no answer yet: ask again next round
                return;
            }
            if (id == config.chainId() && e.quarantinedFor(FailureKind.WRONG_CHAIN)) {
                e.release();
                log.info("chain={} endpoint={} serves chain id {} again: back in service", config.name(), e.id(), id);
            }
            if (id != config.chainId() && !e.quarantinedFor(FailureKind.WRONG_CHAIN)) {
                e.recordFailure(FailureKind.WRONG_CHAIN, 0, "chain id " + id + ", expected " + config.chainId());
                e.quarantine(FailureKind.WRONG_CHAIN, "wrong chain id " + id + ", expected " + config.chainId());
                log.error("chain={} endpoint={} url={} serves chain id {}, expected {}: quarantined", config.name(), e.id(),
                        e.displayUrl(), id, config.chainId());
            }
        });
    }

    /**
     * A head far above every other endpoint's is a lie until one of them confirms it. Only heads the
     * others answered lately count: a dead or hung endpoint's last head falls behind the chain, and
     * the one endpoint still serving must not look like a liar next to it.
     */
    private void checkHead(Endpoint e, long head) {
        long now = clock.millis();
        long othersBest = -1;
        for (Endpoint o : pool.all()) {
            Long answeredAt = headAnsweredAtMs.get(o);
            if (o != e && !o.quarantined() && answeredAt != null && now - answeredAt <= HEAD_EVIDENCE_MAX_AGE_MS) {
                othersBest = Math.max(othersBest, o.head());
            }
        }
        long tolerance = Math.max(16, config.maxReorgDepth());
        if (othersBest >= 0 && head > othersBest + tolerance) {
            if (!e.quarantined()) {
                e.recordFailure(FailureKind.LYING_HEAD, 0, "head " + head + " while others are at " + othersBest);
                e.quarantine(FailureKind.LYING_HEAD, "reports head " + head + ", " + (head - othersBest) + " above every other endpoint");
                log.warn("chain={} endpoint={} reports head {} while the others are at {}: quarantined", config.name(), e.id(), head, othersBest);
            }
            return;
        }
        if (e.quarantinedFor(FailureKind.LYING_HEAD)) {
            e.release();
            e.resetHead(head);
            log.info("chain={} endpoint={} head credible again ({})", config.name(), e.id(), head);
        }
        if (!e.quarantined()) {
            e.observeProbedHead(head);
        }
    }

    private void ensureSubscription() {
        NewHeadsSubscription s = subscription;
        if (s != null && s.isOpen() && s.endpoint().usable()) {
            Optional<Endpoint> bestWs = pool.ranked().stream().filter(x -> x.config().isWebSocket()).findFirst();
            if (bestWs.isEmpty() || bestWs.get() == s.endpoint() || bestWs.get().health().score() < s.endpoint().health().score() + 0.2) {
                return; // keep a working subscription unless another is clearly better
            }
        }
        if (connecting) {
            return;
        }
        // The scorer may take a round to bench an endpoint whose subscription just died: skip it now.
        long now = clock.millis();
        Optional<Endpoint> target = pool.ranked().stream().filter(x -> x.config().isWebSocket())
                .filter(x -> now - subscriptionFailedAtMs.getOrDefault(x, Long.MIN_VALUE / 2) > SUBSCRIPTION_RETRY_AFTER_MS)
                .findFirst();
        if (target.isEmpty()) {
            if (s != null) {
                s.close();
                subscription = null;
            }
            return;
        }
        connecting = true;
        Endpoint e = target.get();
        NewHeadsSubscription.open(e, config.maxResponseBytes(), this::onHead, this::onSubscriptionClosed)
                .whenComplete((sub, err) -> {
                    connecting = false;
                    if (err != null) {
                        subscriptionFailedAtMs.put(e, clock.millis());
                        log.warn("chain={} newHeads on {} failed: {}", config.name(), e.id(), err.getMessage());
                        scorer.execute(this::ensureSubscription);
                        return;
                    }
                    NewHeadsSubscription old = subscription;
                    subscription = sub;
                    if (old != null && old != sub) {
                        old.close();
                    }
                    log.info("chain={} following newHeads on {} ({})", config.name(), e.id(), e.displayUrl());
                    heads.offer(new BlockRef(Math.max(0, e.head()), io.chainwatch.core.Hash32.ZERO, io.chainwatch.core.Hash32.ZERO));
                });
    }

    private void onHead(Endpoint e, BlockRef head) {
        heads.offer(head); // a full queue only drops a wake-up: the cursor polls heads itself
    }

    private void onSubscriptionClosed(EndpointException cause) {
        log.warn("chain={} newHeads subscription lost: {}; failing over", config.name(), cause.getMessage());
        for (Endpoint e : pool.all()) {
            if (e.id().equals(cause.endpoint())) {
                subscriptionFailedAtMs.put(e, clock.millis());
            }
        }
        subscription = null;
        scorer.execute(this::ensureSubscription);
    }

    // ---- cursor thread ---------------------------------------------------------------------

    private void runCursor() {
        long lastTipCheck = 0;
        while (running) {
            try {
                NewHeadsSubscription s = subscription;
                String source = s != null && s.isOpen() ? "websocket:" + s.endpoint().id() : "polling";
                long head = pool.bestHead();
                boolean moved = head >= 0 && cursor.step(head, source);
                if (moved) {
                    continue;
                }
                BlockRef notice = heads.poll(s != null && s.isOpen() ? config.pollIntervalMs() * 5 : config.pollIntervalMs(),
                        TimeUnit.MILLISECONDS);
                boolean mayHaveForked = notice != null && cursor.tip().map(t -> notice.number() <= t.number()).orElse(false);
                long now = System.nanoTime();
                if (mayHaveForked || notice == null || now - lastTipCheck > TimeUnit.MILLISECONDS.toNanos(config.pollIntervalMs())) {
                    lastTipCheck = now;
                    Optional<Endpoint> best = pool.best();
                    if (best.isPresent()) {
                        cursor.verifyTip(best.get());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (EndpointException e) {
                log.debug("chain={} cursor step: {}", config.name(), e.getMessage());
            } catch (RuntimeException e) {
                // A failed commit or an unexpected fault: reload tip, window and pools from the store,
                // which holds only whole commits, and go on from there.
                log.error("chain={} cursor step failed; reloading from the last checkpoint", config.name(), e);
                try {
                    Thread.sleep(500);
                    cursor.resume();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException again) {
                    log.error("chain={} reload failed; will retry: {}", config.name(), again.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        cursorThread.interrupt();
        scorer.shutdownNow();
        NewHeadsSubscription s = subscription;
        if (s != null) {
            s.close();
        }
        try {
            cursorThread.join(5_000);
            cursor.close();
            scorer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
