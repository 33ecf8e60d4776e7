package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.ConfigException;
import io.chainwatch.core.config.SolanaConfig;
import io.chainwatch.core.config.SolanaEndpointConfig;
import io.chainwatch.core.config.SolanaEndpointKind;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.core.trace.PipelineTracer;
import io.chainwatch.core.trace.TraceStage;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.JsonRpcHttp;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.market.pump.CurveStatus;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.market.pump.EventPosition;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.LogLines;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.ingest.CommitmentController;
import io.chainwatch.solana.ingest.LevelLatency;
import io.chainwatch.solana.ingest.RecoveryQueue;
import io.chainwatch.solana.ingest.SlotTracker;
import io.chainwatch.solana.pump.PumpEvent;
import io.chainwatch.solana.tx.ConfirmedTransaction;
import io.chainwatch.solana.tx.EventExtractor;
import io.chainwatch.solana.tx.SolanaBlock;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.chainwatch.solana.tx.TransactionEvent;
import io.chainwatch.store.CurveRow;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.chainwatch.monitor.StageTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Follows pump.fun on Solana, live and whole.
 *
 * <p><b>Two paths.</b> The stream (a {@link GeyserStream} or {@link LogsStream} on the best endpoint,
 * moved to the next when it fails) brings each watched transaction's events within milliseconds;
 * they go into the {@link CurveBook} at once. The listing path settles slots: near the tip it sweeps
 * the endpoint ({@link SignatureSweep}: getSlot, getSignaturesForAddress for each program, getBlocks),
 * which names every watched transaction of every slot at confirmed or finalized. A produced slot whose
 * listed transactions the stream all told of, and no others, is settled from the stream: its events
 * are stored, no block is read. Any other produced slot (a notification the stream dropped, a slot it
 * never told, a resume that jumped ahead, a failover's gap, the whole range when the feed is far
 * behind) has the transactions it lacks read ({@code getTransaction}) when they are few, else its
 * whole block ({@code getBlock}), and what they hold is stored. Events both paths bring are one event
 * (the book and the store are keyed by slot, signature and position in the transaction). Account state is
 * a second view ({@link AccountFollower}); the stream itself is kept open by a {@link StreamKeeper}.
 *
 * <p><b>Slots.</b> A {@link SlotTracker} holds which slots are handled; the checkpoint moves only over
 * contiguous handled slots, so a gap holds it back until the gap is read. Slots wait in a
 * {@link RecoveryQueue}: those the stream showed activity in first, batched, retried with exponential
 * backoff and jitter; after the last retry a slot is recorded in the store as lost, reported, and the
 * checkpoint may pass it. A slot the stream told of that turns out skipped or on a dead fork has its
 * events retracted from the book and the store.
 *
 * <p><b>Commitment.</b> The stream runs at the level the {@link CommitmentController} chooses; blocks are
 * read at confirmed or finalized (nodes refuse processed there). Stored events carry the level they
 * were read at and are raised to finalized as the root passes them.
 *
 * <p><b>Threads.</b> One feed thread owns the tracker, queue, book and controller and makes every store
 * write, handing it to a {@link StoreWriter} (its own thread, a bounded queue, in order, never past a
 * failed write); the stream's socket thread and the RPC futures only post inputs to its inbox; the scorer
 * thread probes endpoints and keeps a stream open. Other threads read {@link #status()} and ask the
 * book through {@link #curves} and {@link #curve}.
 *
 * <p>Longer than our classes should be: what the stream brought, what the listing says and what the
 * reads bring meet in one state machine (per-slot holdings, the tracker, the queue, the book) that
 * only the feed thread may touch; split across classes, each would need the others' state.
 */
public final class SolanaFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SolanaFeed.class);
    /** The store's name for this feed's checkpoint. */
    public static final String FEED = "pump";
    /** The chain label of the feed's metrics and traces. */
    private static final String CHAIN = "solana";
    /** Agave: "Block not available for slot N". */
    private static final int BLOCK_NOT_AVAILABLE = -32004;
    /** Agave: "Block N cleaned up, does not exist on node". */
    private static final int BLOCK_CLEANED_UP = -32001;
    /** How often the status is published: counting open gaps walks the tracker's window, too much for every loop. */
    private static final long STATUS_EVERY_MS = 50;
    /** How long a slot waits after a read that reached no node. */
    private static final long OUTAGE_RETRY_MS = 500;

    /**
     * Tuning that has a sound default.
     *
     * @param graceSlots       how far the level tip may pass an unread slot before it counts as an open gap
     * @param windowSlots      most slots held between the checkpoint and the newest read
     * @param maxInFlight      getBlock calls in flight at once
     * @param commitIntervalMs how often read blocks are committed to the store
     * @param windowMs         the commitment controller's evaluation window
     * @param sweepIntervalMs  least time between two signature sweeps
     * @param streamGraceMs    how long a listed slot waits for the stream to bring what it lacks, before its block is read
     */
    public record Settings(long graceSlots, int windowSlots, int maxInFlight, long commitIntervalMs, long windowMs, long sweepIntervalMs,
                           long streamGraceMs) {
        public static final Settings DEFAULT = new Settings(8, 1 << 16, 16, 200, 10_000, 200, 300);
    }

    /**
     * Most slots the stream may hold unsettled (and stream inputs waiting in the inbox) before the
     * stream's socket thread waits for settling to catch up: the bound that keeps reading from
     * outrunning storing. Waiting stops reading the socket, so the endpoint's own buffers fill; one
     * that drops notifications for a slow reader costs reads, never slots.
     */
    private static final int MAX_UNSETTLED_SLOTS = 2_048;
    /**
     * Most stream inputs (decoded transactions) waiting in the inbox for the feed thread: a fifth of a
     * second at 25,000 a second, and under one turn of the feed thread's loop. It was 50,000: in a load
     * run that let up to two seconds of decoded events wait, alive through young collections, and the
     * collector copying them took a fifth of the JVM's CPU; at 5,000 it took less than half of that
     * (BENCHMARKS.md, "Solana ingest under load, 2026-12-05"). The slot and row bounds stay: made as
     * small, they left the machine idle while commits and sweeps caught up.
     */
    private static final int MAX_WAITING_STREAM_INPUTS = 5_000;
    /**
     * Most event rows settled and not yet stored (held for the next commit, or waiting in the store
     * writer) before the stream's reader waits too: the writer is behind, or the store fails. About
     * 1.7 s at 90,000 events a second: PostgreSQL's pauses (a checkpoint's writes, an autovacuum) go by
     * while the stream is read on. At 50,000 the reader waited on unstored rows 1.0 to 4.0 s of a 20 s
     * window; at this, 0.06 to 0.4 s, with no more collector work to be seen (BENCHMARKS.md, "Solana
     * ingest, 2026-12-05 (sixth session)").
     */
    private static final int MAX_HELD_ROWS = 150_000;
    /**
     * A turn of the feed thread that handled this many inputs or more is followed by a nap of
     * {@link #BUSY_NAP_NANOS}, so that under load the thread is woken by its timer about once a
     * millisecond rather than by the reader's posts several thousand times a second (on this VM a
     * wake-up costs several microseconds, about two notifications' work of this thread). A quiet feed
     * still answers each input at once.
     */
    private static final int BUSY_TURN_INPUTS = 16;
    private static final long BUSY_NAP_NANOS = 500_000;
    /** Commits waiting for the store writer: with one being written, a second's worth at the default interval. */
    private static final int WRITER_CAPACITY = 4;
    /** How long a close waits for the writer to store what waits. */
    private static final long WRITER_DRAIN_MS = 10_000;

    /** Further behind the tip than this, slots are read block by block instead of swept (a sweep pages down from the tip). */
    private static final long SWEEP_MAX_SLOTS = 4_096;
    /** getSignaturesForAddress pages per program in one sweep. */
    private static final int SWEEP_MAX_PAGES = 64;
    /**
     * Most transactions a listed slot may lack from the stream to be completed by reading them one by
     * one (getTransaction); lacking more, the whole block is read.
     */
    private static final int MAX_TRANSACTIONS_READ = 8;

    private final SolanaConfig config;
    private final Settings settings;
    private final EndpointPool rpcPool;
    private final EndpointPool streamPool;
    private final EndpointPool grpcPool;
    private final SolanaRpc rpc;
    private final SolanaRpc probes;
    private final SolanaStore store;
    private final InstantSource clock;
    /** Starts each settled slot's trace; the store writer ends it once the slot is stored. */
    private final PipelineTracer tracer;
    /** Traces of the slots settled since the last commit (feed thread). */
    private final List<BlockTrace> pendingTraces = new ArrayList<>();
    private final CurveBook book = new CurveBook(CurveBook.Settings.MAINNET);
    private final io.chainwatch.core.Listeners<CurveMilestone> milestoneListeners = new io.chainwatch.core.Listeners<>(log, "a curve milestone");
    /** Told of each slot whose streamed events were undone (its number). */
    private final io.chainwatch.core.Listeners<Long> orphanListeners = new io.chainwatch.core.Listeners<>(log, "an orphaned slot");

    /**
     * A curve reached a milestone on the chain, as first seen (streamed, or read from its block).
     *
     * @param status {@link io.chainwatch.market.pump.CurveStatus#COMPLETE} (the bonding curve sold out) or
     *               {@link io.chainwatch.market.pump.CurveStatus#MIGRATED} (its liquidity moved to PumpSwap)
     */
    public record CurveMilestone(PublicKey mint, io.chainwatch.market.pump.CurveStatus status, long slot, String signature) {
    }
    private final EventExtractor extractor = EventExtractor.pumpFamily();
    private final CommitmentController controller;
    /** Time from processed to the feed's level, for the adaptive commitment. */
    private final LevelLatency latency = new LevelLatency(8_192);
    private final RecoveryQueue queue;
    private final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService scorer;
    private final Thread feedThread;
    /** Transports {@link #open} made for this feed, closed with it. */
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Counter streamEvents;
    private final Counter transactionEvents;
    private final Counter blockEvents;
    private final Counter filledByBlocks;
    private final Counter malformedEvents;
    private final Counter commitFailures;
    private final StoreWriter writer;
    private final AccountFollower accounts;
    private volatile FeedStatus status = FeedStatus.STARTING;
    private final StreamKeeper streams;
    private volatile boolean running = true;
    private volatile long levelTipHint = -1;
    /** Slots the stream brought that are not settled yet, as the feed thread last counted them. */
    private volatile int unsettledSlots;
    /** Event rows settled and not yet stored, as the feed thread last counted them. */
    private volatile int heldRows;
    /** Stream inputs posted and not yet handled. */
    private final java.util.concurrent.atomic.AtomicInteger waitingStreamInputs = new java.util.concurrent.atomic.AtomicInteger();
    /** The stream's reader waited (1 ms each), by what it waited for: unsettled slots, decoded inputs, unstored rows. */
    private final Counter waitsForSlots;
    private final Counter waitsForInputs;
    private final Counter waitsForRows;
    /** How long a listing (a sweep, or getBlocks far behind) took, asked to answered: what paces settling. */
    private final Timer listingTime;
    /** One turn of the feed thread that had inputs: read, settled into the curve book, offered to the writer. */
    private final Timer feedTime;

    // ---- owned by the feed thread ------------------------------------------------------------
    private SlotTracker tracker;
    private Commitment level;
    private long nextToList = -1;
    private boolean listing;
    private boolean starting;
    private int inFlight;
    private long processedTip = -1;
    private long root = -1;
    private long finalizedInStore = -1;
    private long committedCheckpoint = -1;
    private long lastCommitMs;
    private long publishedAtMs;
    private long retractedSlots;
    private long streamMessages;
    private long settledFromStream;
    private long settledFromTransactions;
    private long settledFromBlocks;
    /** Slots the stream applied events from and no block has settled yet. */
    private final Set<Long> streamed = new HashSet<>();
    /**
     * What the stream brought of each slot not yet settled: every transaction it told of, failed ones too, by the
     * signature's base58 text (the listing's is matched with it as text: {@link SolanaRpc.SignatureInfo}).
     */
    private final Map<Long, Map<String, StreamTx>> streamSlots = new java.util.HashMap<>();
    /** Slots a sweep listed that wait in the queue because the stream lacked some of their transactions: what was listed. */
    private final Map<Long, List<SolanaRpc.SignatureInfo>> awaited = new java.util.HashMap<>();
    /** Counts {@link #missingFromStream}'s rounds: a streamed transaction listed twice in one round counts once. */
    private long matchRound;
    private long lastSweepMs;
    private long sweptTip = -1;
    /** The highest slot the stream told a transaction of, and when it last rose: where the stream has got to. */
    private long streamHigh = -1;
    private long streamRoseAtMs;
    /** When the stream's reader last waited for settling to catch up: a stream the feed holds back is not one that stopped. */
    private volatile long streamHeldAtMs;
    /** Listed slots that waited again because the stream had not reached them yet, instead of being read. */
    private final Counter waitedForStream;
    /**
     * Slots the current stream said it sent every transaction of (gRPC block meta), with their block
     * time (-1 when not told): one of them that the listing shows short waits for nothing more.
     */
    private final Map<Long, Long> completeInStream = new java.util.HashMap<>();
    /** Awaited slots whose missing transactions are being read, or were read, one by one. */
    private final Set<Long> readOneByOne = new HashSet<>();
    /** Slots the stream showed activity in: read first. */
    private final Set<Long> active = new HashSet<>();
    private final List<SolanaEventRow> pendingRows = new ArrayList<>();
    private final Set<PublicKey> changedCurves = new LinkedHashSet<>();
    private final List<SolanaStore.LostSlot> pendingLost = new ArrayList<>();
    private final TreeSet<Long> pendingRetractions = new TreeSet<>();
    private long windowStartMs;
    private long windowSlots;
    private long windowRetracted;

    /**
     * @param grpcPool Yellowstone gRPC endpoints, preferred for the stream when given; null for none
     * @param tokens   the x-token of each gRPC endpoint that has one (secrets: never logged)
     */
    public SolanaFeed(SolanaConfig config, Settings settings, EndpointPool rpcPool, EndpointPool streamPool, EndpointPool grpcPool,
                      Map<Endpoint, String> tokens, SolanaRpc rpc, SolanaRpc probes, SolanaStore store, InstantSource clock,
                      MeterRegistry metrics, PipelineTracer tracer) {
        this.config = config;
        this.tracer = tracer;
        this.settings = settings;
        this.rpcPool = rpcPool;
        this.streamPool = streamPool;
        this.grpcPool = grpcPool;
        this.rpc = rpc;
        this.probes = probes;
        this.store = store;
        this.clock = clock;
        this.controller = new CommitmentController(config.profile(), config.strategy(), 2_000, 64);
        this.level = controller.level();
        int batch = Math.max(1, config.recovery().batchSlots());
        int retries = config.recovery().enabled() ? config.recovery().maxRetries() : 0;
        this.queue = new RecoveryQueue(batch, retries, SolanaFeed::backoffMs);
        this.scorer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scorer-solana");
            t.setDaemon(true);
            return t;
        });
        this.feedThread = new Thread(this::run, "feed-solana");
        this.feedThread.setDaemon(true);
        String chain = "solana";
        Gauge.builder("chainwatch_solana_checkpoint_slot", this, x -> x.status.checkpoint()).tag("chain", chain)
                .description("Slot below which every slot is settled (stored, skipped or lost)").register(metrics);
        Gauge.builder("chainwatch_solana_slot_lag", this, x -> x.status.lagSlots()).tag("chain", chain)
                .description("slots between the checkpoint and the tip at the block level").register(metrics);
        Gauge.builder("chainwatch_solana_open_gap_slots", this, x -> x.status.openGapSlots()).tag("chain", chain)
                .description("Slots past the grace behind the tip not yet read").register(metrics);
        Gauge.builder("chainwatch_solana_slot_coverage", this, x -> x.status.coverage()).tag("chain", chain)
                .description("slots processed / slots produced").register(metrics);
        Gauge.builder("chainwatch_solana_recovery_queued_slots", this, x -> x.status.recoveryQueued()).tag("chain", chain)
                .description("Slots waiting in the recovery queue").register(metrics);
        Gauge.builder("chainwatch_solana_recovered_slots", this, x -> x.status.recovered()).tag("chain", chain)
                .description("Slots read again after a failed read, since the start").register(metrics);
        Gauge.builder("chainwatch_solana_lost_slots", this, x -> x.status.lost()).tag("chain", chain)
                .description("Slots given up after the last retry, since the start").register(metrics);
        Gauge.builder("chainwatch_solana_skipped_slots", this, x -> x.status.skipped()).tag("chain", chain)
                .description("Slots skipped by their leader, since the start").register(metrics);
        Gauge.builder("chainwatch_solana_retracted_slots", this, x -> x.status.retractedSlots()).tag("chain", chain)
                .description("Slots whose streamed events were retracted (skipped or on a dead fork), since the start").register(metrics);
        Gauge.builder("chainwatch_solana_commitment_level", this, x -> x.status.level().ordinal()).tag("chain", chain)
                .description("0 processed, 1 confirmed, 2 finalized").register(metrics);
        Gauge.builder("chainwatch_solana_curves_tracked", this, x -> x.status.curves()).tag("chain", chain)
                .description("Bonding curves in the book").register(metrics);
        this.streamEvents = Counter.builder("chainwatch_solana_events_total").tag("chain", chain).tag("path", "stream")
                .description("pump.fun and PumpSwap events applied, by the path that brought them").register(metrics);
        this.transactionEvents = Counter.builder("chainwatch_solana_events_total").tag("chain", chain).tag("path", "transaction")
                .description("pump.fun and PumpSwap events applied, by the path that brought them").register(metrics);
        this.blockEvents = Counter.builder("chainwatch_solana_events_total").tag("chain", chain).tag("path", "block")
                .description("pump.fun and PumpSwap events applied, by the path that brought them").register(metrics);
        this.filledByBlocks = Counter.builder("chainwatch_solana_events_filled_by_blocks_total").tag("chain", chain)
                .description("events the stream did not bring and the block path did").register(metrics);
        this.waitsForSlots = backPressure(metrics, chain, "unsettled_slots");
        this.waitsForInputs = backPressure(metrics, chain, "waiting_inputs");
        this.waitsForRows = backPressure(metrics, chain, "unstored_rows");
        this.listingTime = Timer.builder("chainwatch_solana_listing").tag("chain", chain)
                .description("time from asking an endpoint which transactions and blocks the next slots hold to its answer")
                .register(metrics);
        this.waitedForStream = Counter.builder("chainwatch_solana_waited_for_stream_total").tag("chain", chain)
                .description("Listed slots that waited again for the stream, which had not reached them yet, instead of being read")
                .register(metrics);
        this.malformedEvents = Counter.builder("chainwatch_solana_malformed_events_total").tag("chain", chain)
                .description("Events of a known type whose bytes did not decode").register(metrics);
        this.commitFailures = Counter.builder("chainwatch_solana_commit_failures_total").tag("chain", chain)
                .description("store writes that failed and wait to be tried again").register(metrics);
        this.writer = new StoreWriter("writer-solana", store, WRITER_CAPACITY, SolanaFeed::writeBackoffMs, commitFailures,
                Counter.builder("chainwatch_solana_store_back_pressured_total").tag("chain", chain)
                        .description("commits the store writer's full queue refused; kept for the next one").register(metrics),
                StageTimers.timer(metrics, chain, StageTimers.STORE));
        this.feedTime = StageTimers.timer(metrics, chain, StageTimers.FEED);
        Gauge.builder("chainwatch_solana_store_queue_depth", this, x -> x.writer.waiting()).tag("chain", chain)
                .description("Commits waiting for the Solana store writer").register(metrics);
        this.accounts = new AccountFollower(config.accounts(), new AccountFollower.Parts(rpc, rpcPool, streamPool,
                config.maxResponseBytes(), book, task -> inbox.add(new Task(task)), clock, (mint, slot) -> {
                    changedCurves.add(mint);
                    if (tracker != null && slot > tracker.checkpoint()) {
                        streamed.add(slot); // undone with the slot's other inputs if it turns out skipped or on a dead fork
                    }
                }, () -> tracker == null ? -1 : tracker.checkpoint()), metrics, chain);
        this.streams = new StreamKeeper(config, streamPool, grpcPool, tokens, clock, listener, accounts.watch());
        FunctionCounter.builder("chainwatch_solana_slots_settled_total", this, x -> x.status.fromStream()).tag("chain", chain)
                .tag("by", "stream")
                .description("produced slots settled from what the stream brought, the signature listing showing nothing missing")
                .register(metrics);
        FunctionCounter.builder("chainwatch_solana_slots_settled_total", this, x -> x.status.fromTransactions()).tag("chain", chain)
                .tag("by", "transaction")
                .description("produced slots settled from the stream once the few transactions it lacked were read one by one")
                .register(metrics);
        FunctionCounter.builder("chainwatch_solana_slots_settled_total", this, x -> x.status.fromBlocks()).tag("chain", chain)
                .tag("by", "block").description("produced slots settled by reading their block").register(metrics);
    }

    /**
     * A feed on the configured endpoints, one pool per transport: {@code rpc} endpoints read blocks
     * and answer probes, {@code ws} endpoints carry the live stream (and are probed over HTTP too).
     * The feed owns the transports made here and closes them with itself.
     *
     * @throws ConfigException when a kind of endpoint the feed needs is missing
     */
    public static SolanaFeed open(SolanaConfig config, SolanaStore store, SplittableRandom random, InstantSource clock,
                                  MeterRegistry metrics) {
        return open(config, store, random, clock, metrics, PipelineTracer.OFF);
    }

    /** As {@link #open(SolanaConfig, SolanaStore, SplittableRandom, InstantSource, MeterRegistry)}, each settled slot traced. */
    public static SolanaFeed open(SolanaConfig config, SolanaStore store, SplittableRandom random, InstantSource clock,
                                  MeterRegistry metrics, PipelineTracer tracer) {
        List<SolanaEndpointConfig> rpcConfigs = config.endpoints(SolanaEndpointKind.RPC);
        List<SolanaEndpointConfig> wsConfigs = config.endpoints(SolanaEndpointKind.WS);
        if (rpcConfigs.isEmpty()) {
            throw new ConfigException("solana.endpoints",
                    "at least one endpoint of kind rpc is needed: blocks are read over JSON-RPC, to backfill and check the stream");
        }
        if (wsConfigs.isEmpty()) {
            throw new ConfigException("solana.endpoints",
                    "at least one endpoint of kind ws is needed for the live stream (grpc sources are not in this version yet)");
        }
        EndpointPool rpcPool = pool("solana-rpc", rpcConfigs, random, metrics);
        EndpointPool wsPool = pool("solana-ws", wsConfigs, random, metrics);
        List<SolanaEndpointConfig> grpcConfigs = config.endpoints(SolanaEndpointKind.GRPC);
        EndpointPool grpcPool = grpcConfigs.isEmpty() ? null : pool("solana-grpc", grpcConfigs, random, metrics);
        Map<Endpoint, String> tokens = new java.util.HashMap<>();
        if (grpcPool != null) {
            for (int i = 0; i < grpcConfigs.size(); i++) {
                if (grpcConfigs.get(i).hasToken()) {
                    tokens.put(grpcPool.all().get(i), grpcConfigs.get(i).token());
                }
            }
        }
        JsonRpcHttp http = new JsonRpcHttp(config.maxResponseBytes());
        SolanaFeed feed = new SolanaFeed(config, Settings.DEFAULT, rpcPool, wsPool, grpcPool, tokens, new SolanaRpc(http), new SolanaRpc(http),
                store, clock, metrics, tracer);
        feed.owned.add(http);
        return feed;
    }

    private static EndpointPool pool(String name, List<SolanaEndpointConfig> configs, SplittableRandom random, MeterRegistry metrics) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            SolanaEndpointConfig c = configs.get(i);
            endpoints.add(new Endpoint(name + "-" + i + "-" + c.endpoint().region().toLowerCase(Locale.ROOT), c.endpoint(),
                    ScoringPolicy.DEFAULT));
        }
        return new EndpointPool(name, endpoints, ScoringPolicy.DEFAULT, random.split(), metrics);
    }

    /** Exponential from 200 ms, capped at 30 s, with full jitter. */
    static long backoffMs(long attempts) {
        long cap = Math.min(30_000, 200L << Math.min(20, Math.max(0, attempts - 1)));
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    /** Exponential from 100 ms, capped at 5 s: a failed store write is tried again until it succeeds. */
    static long writeBackoffMs(long attempt) {
        return Math.min(5_000, 100L << Math.min(6, Math.max(0, attempt - 1)));
    }

    /** Reloads the book from the store and starts following. */
    public void start() {
        Optional<SolanaStore.Checkpoint> cp = store.checkpoint(FEED);
        if (cp.isPresent()) {
            long[] replayed = {0};
            store.forEachLiveEvent(-1, row -> {
                if (row.data() != null) {
                    replay(row);
                    replayed[0]++;
                }
            });
            book.prune(cp.get().slot());
            tracker = new SlotTracker(cp.get().slot() + 1, settings.graceSlots(), settings.windowSlots());
            nextToList = cp.get().slot() + 1;
            finalizedInStore = -1;
            log.info("solana feed resumes after slot {}; {} stored events replayed into {} curves", cp.get().slot(), replayed[0], book.size());
        }
        scorer.scheduleWithFixedDelay(this::probeAndScore, 0, 1, TimeUnit.SECONDS);
        feedThread.start();
    }

    private void replay(SolanaEventRow row) {
        var decoded = io.chainwatch.solana.pump.PumpEventDecoder.INSTANCE.decode(row.data(), 0, row.data().length);
        if (decoded.valueOrNull() instanceof PumpEvent e) {
            TxSignature sig = TxSignature.read(row.signature().bytes(), 0);
            book.apply(new EventPosition(row.slot(), sig, Math.max(-1, row.txIndex()), row.eventIndex()), e);
            accounts.learn(e);
        }
    }

    /** Tells {@code listener} of each curve that completes or migrates, on the feed's thread: it must not block. */
    public void onCurveMilestone(java.util.function.Consumer<CurveMilestone> listener) {
        milestoneListeners.add(listener);
    }

    /**
     * Tells {@code listener} of each slot whose streamed events were undone because it turned out
     * skipped or on a dead fork, on the feed's thread: it must not block.
     */
    public void onSlotOrphaned(java.util.function.LongConsumer listener) {
        orphanListeners.add(listener::accept);
    }

    private void milestone(PumpEvent pe, long slot, String signature) {
        io.chainwatch.market.pump.CurveStatus status = pe instanceof io.chainwatch.solana.pump.CompleteEvent ? io.chainwatch.market.pump.CurveStatus.COMPLETE
                : pe instanceof io.chainwatch.solana.pump.CompletePumpAmmMigrationEvent ? io.chainwatch.market.pump.CurveStatus.MIGRATED : null;
        if (status == null || milestoneListeners.isEmpty()) {
            return;
        }
        milestoneListeners.tell(new CurveMilestone(CurveBook.mintOf(pe), status, slot, signature));
    }

    public FeedStatus status() {
        return status;
    }

    public EndpointPool rpcEndpoints() {
        return rpcPool;
    }

    public EndpointPool streamEndpoints() {
        return streamPool;
    }

    /** The Yellowstone gRPC endpoints, when configured. */
    public Optional<EndpointPool> grpcEndpoints() {
        return Optional.ofNullable(grpcPool);
    }

    /** Curves most recently active first, of one status or all (null); answered by the feed thread. */
    public CompletableFuture<List<CurveView>> curves(CurveStatus status, int limit) {
        return ask(b -> status == null ? b.mostRecentlyActive(limit) : b.mostRecentlyActive(status, limit));
    }

    public CompletableFuture<Optional<CurveView>> curve(PublicKey mint) {
        return ask(b -> b.curve(mint));
    }

    private <T> CompletableFuture<T> ask(Function<CurveBook, T> query) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(new IllegalStateException("the Solana feed is stopped"));
            return answer;
        }
        inbox.add(new Query(b -> {
            try {
                answer.complete(query.apply(b));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }));
        return answer;
    }

    // ---- inputs ------------------------------------------------------------------------------

    private sealed interface Input permits SlotSeen, LogsSeen, TransactionSeen, Listed, ListFailed, Fetched, TransactionsRead, FetchFailed,
            StreamClosed, Started, Query, Task, BlockComplete {
    }

    private record SlotSeen(long slot, long parent, long root) implements Input {
    }

    /** A logs notification, its signature and events decoded already on the stream's thread (no events for a failed transaction). */
    private record LogsSeen(LiveStream from, long slot, String signature, TxSignature sig, boolean failed, List<TransactionEvent> events)
            implements Input {
    }

    private record TransactionSeen(LiveStream from, long slot, SolanaTransaction tx) implements Input {
    }

    /**
     * @param readableFrom the endpoint's first available block, or {@code from} if later: below it, an unlisted slot says nothing
     * @param sweptFrom    the lowest slot whose watched transactions {@code signatures} lists completely ({@code to + 1}: none)
     * @param signatures   the watched transactions of each slot from {@code sweptFrom} to {@code to}
     */
    private record Listed(long from, long to, long readableFrom, List<Long> slots, long sweptFrom,
                          Map<Long, List<SolanaRpc.SignatureInfo>> signatures, String endpoint) implements Input {
    }

    /** A transaction the stream told of, with its events (none when it failed). */
    private static final class StreamTx {
        final TxSignature signature;
        final int txIndex;
        final boolean failed;
        final List<TransactionEvent> events;
        /** The last of {@link #missingFromStream}'s rounds that found it listed. */
        long matchedIn;

        StreamTx(TxSignature signature, int txIndex, boolean failed, List<TransactionEvent> events) {
            this.signature = signature;
            this.txIndex = txIndex;
            this.failed = failed;
            this.events = events;
        }
    }

    private record ListFailed(long from, long to, String why) implements Input {
    }

    private record Fetched(long slot, Optional<SolanaBlock> block) implements Input {
    }

    /** The transactions a listed slot lacked from the stream, read one by one; null when any read failed or found nothing. */
    private record TransactionsRead(long slot, List<ConfirmedTransaction> transactions, String why) implements Input {
    }

    /**
     * @param kind    how the read failed; null when no endpoint could be asked
     * @param rpcCode the node's JSON-RPC error code, 0 for none
     */
    private record FetchFailed(long slot, io.chainwatch.endpoints.FailureKind kind, int rpcCode, String why) implements Input {
    }

    private record StreamClosed(LiveStream from, EndpointException cause) implements Input {
    }

    /** Work for the feed thread: an answer to something it asked. */
    private record Task(Runnable run) implements Input {
    }

    /** The stream sent all of {@code slot}'s transactions (a gRPC block meta); {@code blockTime} -1 when not told. */
    private record BlockComplete(LiveStream from, long slot, long blockTime) implements Input {
    }



    /** The tip to start following from on a first start; -1 when it could not be asked. */
    private record Started(long slot) implements Input {
    }

    private record Query(java.util.function.Consumer<CurveBook> action) implements Input {
    }

    private final StreamListener listener = new StreamListener() {
        @Override
        public void onSlot(LiveStream from, long slot, long parent, long root) {
            streams.told(slot);
            inbox.add(new SlotSeen(slot, parent, root));
        }

        @Override
        public void onLogs(LiveStream from, long slot, String signature, boolean failed, LogLines logs) {
            // Decoded here, on the socket's thread (the extractor is immutable): it was a quarter of the feed
            // thread's time, and base58 more of it. A signature that is not one throws before anything is
            // counted: the stream then fails as unreadable. A failed transaction's events were rolled back: it has none.
            TxSignature sig = TxSignature.fromBase58(signature);
            List<TransactionEvent> events = failed ? List.of() : extractor.extractFromLogs(logs);
            awaitRoom();
            waitingStreamInputs.incrementAndGet();
            inbox.add(new LogsSeen(from, slot, signature, sig, failed, events));
        }

        @Override
        public void onTransaction(LiveStream from, long slot, SolanaTransaction tx) {
            awaitRoom();
            waitingStreamInputs.incrementAndGet();
            inbox.add(new TransactionSeen(from, slot, tx));
        }

        @Override
        public void onAccount(LiveStream from, PublicKey address, long slot, byte[] data) {
            inbox.add(new Task(() -> accounts.accept(AccountFollower.Source.GRPC, slot, address, data)));
        }

        @Override
        public void onBlockMeta(LiveStream from, long slot, long blockTime) {
            inbox.add(new BlockComplete(from, slot, blockTime));
        }

        @Override
        public void onClosed(LiveStream from, EndpointException cause) {
            inbox.add(new StreamClosed(from, cause));
        }
    };

    private static Counter backPressure(MeterRegistry metrics, String chain, String waitedFor) {
        return Counter.builder("chainwatch_solana_stream_backpressure_waits_total").tag("chain", chain).tag("waited_for", waitedFor)
                .description("times the stream's reader waited 1 ms for settling or storing to catch up, by what it waited for")
                .register(metrics);
    }

    // ---- scorer thread -----------------------------------------------------------------------

    /** On the stream's socket thread: waits while the feed holds as much unsettled as it may. */
    private void awaitRoom() {
        while (running) {
            if (unsettledSlots > MAX_UNSETTLED_SLOTS) {
                waitsForSlots.increment();
            } else if (waitingStreamInputs.get() > MAX_WAITING_STREAM_INPUTS) {
                waitsForInputs.increment();
            } else if (heldRows > MAX_HELD_ROWS) {
                waitsForRows.increment();
            } else {
                return;
            }
            streamHeldAtMs = clock.millis();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private void probeAndScore() {
        try {
            Commitment blockLevel = SolanaRpc.blockLevel(level);
            for (EndpointPool p : List.of(rpcPool, streamPool)) {
                for (Endpoint e : p.all()) {
                    probes.slot(e, blockLevel).whenComplete((slot, err) -> {
                        if (err == null) {
                            e.observeProbedHead(slot);
                        }
                    });
                }
                p.evaluate();
            }
            long tip = Math.max(rpcPool.bestHead(), streamPool.bestHead());
            if (tip > levelTipHint) {
                levelTipHint = tip;
            }
            streams.ensure(level);
            accounts.ensureSubscription(streams.current(), level);
        } catch (RuntimeException e) {
            log.warn("solana scoring round failed: {}", e.toString());
        }
    }

    // ---- feed thread -------------------------------------------------------------------------

    private void run() {
        windowStartMs = clock.millis();
        while (running) {
            try {
                Input first = inbox.poll(20, TimeUnit.MILLISECONDS);
                long turnStart = first == null ? 0 : System.nanoTime();
                int handled = 0;
                if (first != null) {
                    handle(first);
                    for (handled = 1; handled <= 10_000; handled++) {
                        Input next = inbox.poll();
                        if (next == null) {
                            break;
                        }
                        handle(next);
                    }
                }
                step();
                if (first != null) {
                    feedTime.record(System.nanoTime() - turnStart, TimeUnit.NANOSECONDS);
                }
                unsettledSlots = streamSlots.size();
                heldRows = pendingRows.size() + (int) Math.min(Integer.MAX_VALUE, writer.rowsWaiting());
                if (handled >= BUSY_TURN_INPUTS) {
                    // Busy: the next inputs gather for a moment instead of each waking this thread as the reader posts it.
                    LockSupport.parkNanos(BUSY_NAP_NANOS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("solana feed step failed; going on from the same state", e);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(Input input) {
        switch (input) {
            case SlotSeen s -> {
                latency.processed(s.slot(), clock.millis());
                processedTip = Math.max(processedTip, s.slot());
                root = Math.max(root, s.root());
            }
            case LogsSeen l -> onLogs(l);
            case TransactionSeen t -> onTransaction(t);
            case Listed l -> onListed(l);
            case ListFailed f -> {
                listing = false;
                nextToList = Math.min(nextToList, f.from());
                log.debug("solana listing from slot {} failed: {}", f.from(), f.why());
            }
            case TransactionsRead r -> onTransactionsRead(r);
            case Fetched f -> {
                inFlight--;
                if (f.block().isPresent()) {
                    onBlock(f.slot(), f.block().get());
                } else {
                    log.debug("solana slot {} skipped: getBlock says so", f.slot());
                    onSkipped(f.slot());
                }
                queue.done(f.slot());
            }
            case FetchFailed f -> {
                inFlight--;
                if (!theSlotsFault(f.kind(), f.rpcCode())) {
                    // No node could be asked, none answered, or one failed for its own reasons: no retry is spent on the slot.
                    queue.postpone(f.slot(), clock.millis(), OUTAGE_RETRY_MS);
                } else if (queue.failed(f.slot(), clock.millis()) == RecoveryQueue.Verdict.GIVE_UP) {
                    log.error("solana slot {} could not be read after {} retries ({}): recorded as a permanent gap", f.slot(),
                            config.recovery().maxRetries(), f.why());
                    tracker.lost(f.slot());
                    forget(f.slot());
                    pendingLost.add(new SolanaStore.LostSlot(f.slot(), f.why(), Instant.ofEpochMilli(clock.millis())));
                }
            }
            case StreamClosed c -> {
                if (streams.closed(c.from(), c.cause())) {
                    Commitment wanted = level;
                    scorer.execute(() -> streams.ensure(wanted)); // another endpoint, or one that cannot replay reopened live
                    // The same endpoint again once its wait is over, not at the next scoring round.
                    scorer.schedule(() -> streams.ensure(wanted), streams.wsRetryAfterMs(c.from().endpoint()), TimeUnit.MILLISECONDS);
                }
            }
            case Query q -> q.action().accept(book);
            case Task t -> t.run().run();
            case BlockComplete b -> {
                if (b.from() == streams.current() && (tracker == null || b.slot() > tracker.checkpoint())) {
                    completeInStream.put(b.slot(), b.blockTime());
                }
            }
            case Started st -> {
                starting = false;
                if (st.slot() >= 0 && tracker == null) {
                    tracker = new SlotTracker(st.slot(), settings.graceSlots(), settings.windowSlots());
                    nextToList = st.slot();
                    log.info("solana feed starts at slot {} ({})", st.slot(), level.rpcName());
                }
            }
        }
    }

    private void onLogs(LogsSeen l) {
        waitingStreamInputs.decrementAndGet();
        streamMessages++;
        if (tracker != null && l.slot() <= tracker.checkpoint()) {
            return; // a late copy: that slot is settled and stored
        }
        streamReached(l.slot());
        // A failed transaction's events were rolled back: it has none, but it is still one the listing shows.
        onStreamTx(l.slot(), l.signature(), l.sig(), -1, l.failed(), l.events(), streamEvents);
    }

    private void onTransaction(TransactionSeen t) {
        waitingStreamInputs.decrementAndGet();
        streamMessages++;
        if (tracker != null && t.slot() <= tracker.checkpoint()) {
            return;
        }
        streamReached(t.slot());
        SolanaTransaction tx = t.tx();
        onStreamTx(t.slot(), tx.signature(), TxSignature.fromBase58(tx.signature()), Math.max(-1, tx.index()), !tx.succeeded(),
                tx.succeeded() ? extractor.extract(tx) : List.of(), streamEvents);
    }

    private void streamReached(long slot) {
        if (slot > streamHigh) {
            streamHigh = slot;
            streamRoseAtMs = clock.millis();
        }
    }

    /**
     * Applies a streamed transaction's events to the book at once, and keeps them until its slot is
     * settled. A transaction read one by one for a slot the stream left incomplete comes this way too.
     */
    private void onStreamTx(long slot, String signature, TxSignature sig, int txIndex, boolean failed, List<TransactionEvent> events,
                            Counter counted) {
        active.add(slot);
        queue.markActive(slot);
        streamSlots.computeIfAbsent(slot, x -> new java.util.HashMap<>()).put(signature, new StreamTx(sig, txIndex, failed, events));
        for (TransactionEvent e : events) {
            if (e.event() instanceof PumpEvent pe
                    && book.apply(new EventPosition(slot, sig, txIndex, e.eventIndex()), pe) == CurveBook.Outcome.APPLIED) {
                accounts.learn(pe);
                milestone(pe, slot, signature);
                counted.increment();
                streamed.add(slot);
            }
        }
    }

    private void onListed(Listed l) {
        listing = false;
        sweptTip = Math.max(sweptTip, l.to());
        long now = clock.millis();
        int at = 0;
        for (long slot = l.from(); slot <= l.to(); slot++) {
            if (at < l.slots().size() && l.slots().get(at) == slot) {
                at++;
                if (slot < l.sweptFrom()) {
                    queue.add(slot, active.contains(slot));
                    continue;
                }
                List<SolanaRpc.SignatureInfo> listed = l.signatures().getOrDefault(slot, List.of());
                if (!settleFromStream(slot, listed)) {
                    // The stream lacks some of the slot's transactions, or told of some the listing does not have. It
                    // may still be on its way: the slot waits a moment, is checked again, and only then is its block read.
                    awaited.put(slot, listed);
                    queue.add(slot, true);
                    LiveStream st = streams.current();
                    if (st != null && st.isOpen() && !completeInStream.containsKey(slot)) {
                        queue.postpone(slot, now, settings.streamGraceMs());
                    }
                }
            } else if (slot < l.readableFrom()) {
                // Older than the node's history: whether it had a block is unknown here. Read it like any
                // slot; if no node has it, its retries run out and it is recorded lost, never taken as skipped.
                queue.add(slot, active.contains(slot));
            } else {
                log.debug("solana slot {} skipped: getBlocks({}, {}) on {} does not list it", slot, l.from(), l.to(), l.endpoint());
                onSkipped(slot);
            }
        }
        nextToList = Math.max(nextToList, l.to() + 1);
    }

    /**
     * Settles {@code slot} from the stream when it told of every transaction the listing has, each
     * as failed or succeeded as listed, and of none the listing lacks (a failed transaction it did not
     * bring may be missing: its events were rolled back). The events it brought are stored and no
     * block is read. False, and nothing done, otherwise.
     */
    private boolean settleFromStream(long slot, List<SolanaRpc.SignatureInfo> listed) {
        Map<String, StreamTx> seen = streamSlots.getOrDefault(slot, Map.of());
        if (missingFromStream(slot, listed, 0).isEmpty()) {
            return false;
        }
        boolean completedOneByOne = readOneByOne.contains(slot);
        SlotTracker.Outcome outcome = tracker.delivered(slot);
        forget(slot);
        if (outcome == SlotTracker.Outcome.DUPLICATE || outcome == SlotTracker.Outcome.BEHIND) {
            return true;
        }
        windowSlots++;
        if (completedOneByOne) {
            settledFromTransactions++;
        } else {
            settledFromStream++;
        }
        Commitment stored = slot <= root ? Commitment.FINALIZED : SolanaRpc.blockLevel(level);
        long streamTime = completeInStream.getOrDefault(slot, -1L);
        // The block's time, which its transactions share: as listed, or as the stream told it.
        Instant blockTime = null;
        for (SolanaRpc.SignatureInfo l : listed) {
            if (l.hasBlockTime()) {
                blockTime = Instant.ofEpochSecond(l.blockTime());
                break;
            }
        }
        if (blockTime == null && streamTime >= 0) {
            blockTime = Instant.ofEpochSecond(streamTime);
        }
        BlockTrace trace = tracer.slot(CHAIN, slot, null);
        TraceStage settling = trace.stage("settle");
        try {
            for (StreamTx tx : seen.values()) {
                for (TransactionEvent e : tx.events) {
                    stage(tx.signature, slot, tx.txIndex, blockTime, e, stored);
                }
            }
        } finally {
            settled(trace, settling);
        }
        return true;
    }

    /** The slot's settling is done: its trace waits for the commit that stores it. */
    private void settled(BlockTrace trace, TraceStage settling) {
        settling.close();
        if (trace != BlockTrace.NONE) {
            pendingTraces.add(trace);
        }
    }

    /**
     * The succeeded transactions the listing has for {@code slot} and the stream did not bring, each
     * once, as text; empty when it lacks none of them; absent when it lacks more than {@code most}, or
     * told of a transaction the listing does not have or with another outcome (then only the block can
     * say). One look-up a listed transaction: a transaction of two watched programs is listed twice, and
     * counts once.
     */
    private Optional<List<String>> missingFromStream(long slot, List<SolanaRpc.SignatureInfo> listed, int most) {
        Map<String, StreamTx> seen = streamSlots.getOrDefault(slot, Map.of());
        long round = ++matchRound;
        int matched = 0;
        List<String> missing = new ArrayList<>(0);
        for (SolanaRpc.SignatureInfo l : listed) {
            StreamTx tx = seen.get(l.signature());
            if (tx != null) {
                if (tx.failed != l.failed()) {
                    return Optional.empty();
                }
                if (tx.matchedIn != round) {
                    tx.matchedIn = round;
                    matched++;
                }
            } else if (!l.failed() && !missing.contains(l.signature())) {
                if (missing.size() == most) {
                    return Optional.empty();
                }
                missing.add(l.signature());
            }
        }
        return matched == seen.size() ? Optional.of(missing) : Optional.empty(); // or it told of one the listing lacks
    }

    /** Drops what was held for a slot that is now settled (stored, skipped or lost). */
    private void forget(long slot) {
        active.remove(slot);
        streamed.remove(slot);
        streamSlots.remove(slot);
        awaited.remove(slot);
        readOneByOne.remove(slot);
        completeInStream.remove(slot);
    }

    private void onSkipped(long slot) {
        tracker.skipped(slot);
        boolean hadStream = streamed.contains(slot);
        forget(slot);
        if (hadStream) {
            retract(slot);
        }
    }

    private void retract(long slot) {
        CurveBook.Retraction r = book.retract(slot);
        if (r.result() == CurveBook.Retraction.Result.UNDONE) {
            retractedSlots++;
            windowRetracted++;
            pendingRetractions.add(slot);
            changedCurves.addAll(r.changed());
            changedCurves.removeAll(r.removed());
            log.info("solana slot {} turned out skipped or on a dead fork: {} streamed inputs undone", slot, r.eventsUndone());
            orphanListeners.tell(slot);
        }
    }

    private void onBlock(long slot, SolanaBlock block) {
        SlotTracker.Outcome outcome = tracker.delivered(slot);
        boolean hadStream = streamed.contains(slot);
        forget(slot);
        if (outcome == SlotTracker.Outcome.DUPLICATE || outcome == SlotTracker.Outcome.BEHIND) {
            log.debug("solana slot {} read again ({}): dropped", slot, outcome);
            return;
        }
        windowSlots++;
        settledFromBlocks++;
        Commitment stored = slot <= root ? Commitment.FINALIZED : SolanaRpc.blockLevel(level);
        Instant blockTime = block.blockTime().isPresent() ? Instant.ofEpochSecond(block.blockTime().getAsLong()) : null;
        BlockTrace trace = tracer.slot(CHAIN, slot, block.blockhash());
        TraceStage settling = trace.stage("settle");
        try {
            applyBlock(slot, block, blockTime, stored, hadStream);
        } finally {
            settled(trace, settling);
        }
    }

    /** Decodes the block's watched transactions, stages their events and applies them to the book. */
    private void applyBlock(long slot, SolanaBlock block, Instant blockTime, Commitment stored, boolean hadStream) {
        for (SolanaTransaction tx : block.transactions()) {
            if (!tx.succeeded()) {
                continue;
            }
            List<TransactionEvent> events = extractor.extract(tx);
            if (events.isEmpty()) {
                continue;
            }
            TxSignature sig = TxSignature.fromBase58(tx.signature());
            for (TransactionEvent e : events) {
                if (!stage(sig, slot, tx.index(), blockTime, e, stored)) {
                    continue;
                }
                blockEvents.increment();
                if (e.event() instanceof PumpEvent pe
                        && book.apply(new EventPosition(slot, sig, tx.index(), e.eventIndex()), pe) == CurveBook.Outcome.APPLIED) {
                    accounts.learn(pe);
                    milestone(pe, slot, tx.signature());
                    if (hadStream) {
                        filledByBlocks.increment();
                    }
                }
            }
        }
    }

    /** Queues an event's row for the next commit, and its curve's; false (and counted) when its bytes did not decode. */
    private boolean stage(TxSignature sig, long slot, int txIndex, Instant blockTime, TransactionEvent e, Commitment stored) {
        SolanaEventRow row = StoreRows.event(sig, slot, txIndex, blockTime, e, stored);
        if (row == null) {
            malformedEvents.increment();
            return false;
        }
        pendingRows.add(row);
        if (row.mint() != null && e.event() instanceof PumpEvent pe) {
            changedCurves.add(CurveBook.mintOf(pe));
        }
        return true;
    }

    /**
     * True when a failed read says something about the slot: the node answered that it does not have
     * the block (not available, cleaned up, missing from long-term storage) or answered something
     * unreadable. Those spend the slot's retries, and after the last one it is a permanent gap. Any
     * other failure (no endpoint in service, refused, timed out, throttled, an internal error) is an
     * outage: the slot waits, however long, and the checkpoint with it.
     */
    private static boolean theSlotsFault(io.chainwatch.endpoints.FailureKind kind, int rpcCode) {
        if (kind == io.chainwatch.endpoints.FailureKind.MALFORMED) {
            return true;
        }
        return kind == io.chainwatch.endpoints.FailureKind.RPC_ERROR
                && (rpcCode == BLOCK_NOT_AVAILABLE || rpcCode == BLOCK_CLEANED_UP || rpcCode == SolanaRpc.SLOT_SKIPPED_LONG_TERM);
    }

    /** Starts the tracker, lists and reads slots, commits, and re-evaluates the level: whatever is due. */
    private void step() {
        long tip = levelTipHint;
        if (level == Commitment.PROCESSED) {
            tip = Math.max(tip, processedTip);
        }
        if (tracker == null) {
            if (tip >= 0 && !starting) {
                // First start: from the tip on, asked now (the probes' tip may be a second old). A restart
                // resumes after the stored checkpoint instead.
                Optional<Endpoint> e = rpcPool.ranked().stream().findFirst();
                if (e.isPresent()) {
                    starting = true;
                    rpc.slot(e.get(), SolanaRpc.blockLevel(level))
                            .whenComplete((slot, err) -> inbox.add(new Started(err == null ? slot : -1)));
                }
            }
            return;
        }
        long blockTip = Math.max(levelTipHint, sweptTip);
        tracker.observedTip(blockTip);
        latency.reached(blockTip, clock.millis());
        listSlots(blockTip);
        fetchSlots();
        long now = clock.millis();
        accounts.step(level);
        if (now - lastCommitMs >= settings.commitIntervalMs()) {
            commit();
            lastCommitMs = now;
        }
        if (now - windowStartMs >= settings.windowMs()) {
            evaluateLevel(now);
        }
        if (now - publishedAtMs >= STATUS_EVERY_MS) {
            publishStatus();
            publishedAtMs = now;
        }
    }

    /**
     * Lists the next slots on an endpoint that has reached them. Near the tip, a sweep: the slots up
     * to the endpoint's tip, with every watched transaction in them ({@link SignatureSweep}), then
     * which of them have blocks. Far behind it, only which have blocks, a thousand slots at a time,
     * each then read whole.
     */
    private void listSlots(long blockTip) {
        long now = clock.millis();
        if (listing || nextToList < 0 || nextToList > Math.max(blockTip, processedTip) || now - lastSweepMs < settings.sweepIntervalMs()) {
            return;
        }
        if (nextToList - tracker.checkpoint() > settings.windowSlots() / 2) {
            return; // far enough ahead of the checkpoint: let the reads catch up
        }
        // Ask an endpoint that has reached the range itself, and no further than its own tip: getBlocks
        // leaves out whatever the node does not have yet, which must not pass for skipped slots. Near the
        // tip, a sweep asks the endpoint's tip first and goes no further, so the best endpoint may be asked
        // before its head is known to have reached the range: the head known is that of the last probe or
        // sweep, and waiting for the next probe (a second) held settling, and with it the stream, back.
        long from = nextToList;
        boolean nearTip = blockTip - from <= SWEEP_MAX_SLOTS;
        Optional<Endpoint> found = rpcPool.ranked().stream().filter(x -> x.head() >= from).findFirst()
                .or(() -> nearTip ? rpcPool.best() : Optional.empty());
        if (found.isEmpty()) {
            return;
        }
        Endpoint e = found.get();
        listing = true;
        lastSweepMs = now;
        long asked = System.nanoTime();
        CompletableFuture<Listed> listed;
        if (!nearTip) {
            long to = Math.min(Math.min(blockTip, e.head()), from + 999);
            listed = listBlocks(e, from, to, to + 1, Map.of());
        } else {
            listed = SignatureSweep.run(rpc, e, config.programs(), from, level, SWEEP_MAX_PAGES).thenCompose(sweep -> {
                long to = sweep.top();
                e.observeHead(to);
                if (to < from) {
                    return CompletableFuture.completedFuture(new Listed(from, from - 1, from, List.of(), from, Map.of(), e.id()));
                }
                return listBlocks(e, from, to, sweep.coveredFrom(), sweep.bySlot());
            });
        }
        listed.whenComplete((l, err) -> {
            listingTime.record(System.nanoTime() - asked, TimeUnit.NANOSECONDS);
            inbox.add(err == null ? l : new ListFailed(from, from, message(err)));
        });
    }

    /**
     * Which slots from {@code from} to {@code to} have blocks on {@code e}, then its first available
     * block: the node's history only moves forward, so that bound, asked after the listing answered,
     * is where below the listing may have missed pruned blocks, and above which an unlisted slot was
     * skipped.
     */
    private CompletableFuture<Listed> listBlocks(Endpoint e, long from, long to, long sweptFrom,
                                                 Map<Long, List<SolanaRpc.SignatureInfo>> signatures) {
        return rpc.blocks(e, from, to, level).thenCompose(slots -> probes.firstAvailableBlock(e)
                .thenApply(first -> new Listed(from, to, Math.max(from, first), slots, sweptFrom, signatures, e.id())));
    }

    private void fetchSlots() {
        long now = clock.millis();
        while (inFlight < settings.maxInFlight()) {
            Optional<RecoveryQueue.Batch> batch = queue.next(now);
            if (batch.isEmpty()) {
                return;
            }
            for (long slot : batch.get().slots()) {
                List<SolanaRpc.SignatureInfo> listed = awaited.get(slot);
                if (listed != null && settleFromStream(slot, listed)) {
                    queue.done(slot); // what the stream lacked came in the meantime
                    continue;
                }
                if (listed != null && streamNotThereYet(slot, now)) {
                    waitedForStream.increment();
                    queue.postpone(slot, now, settings.streamGraceMs());
                    continue;
                }
                Optional<List<String>> missing = listed == null || readOneByOne.contains(slot) ? Optional.empty()
                        : missingFromStream(slot, listed, MAX_TRANSACTIONS_READ);
                if (missing.isPresent()) {
                    readTransactions(slot, missing.get());
                } else {
                    readBlock(slot);
                }
            }
        }
    }

    /**
     * True while the stream, open and moving, has not yet passed {@code slot}: it brings a slot's
     * transactions in order, so a listed slot at or above the highest it told of is one it has not
     * reached, not one it missed. Under load the listing runs ahead of the stream, and reading those
     * slots whole cost as much as the stream itself (a getBlock each, answered and parsed). A stream
     * that stops rising for the grace time, or closes, waits for nothing; one that the feed itself holds
     * back ({@link #awaitRoom}) has not stopped.
     */
    private boolean streamNotThereYet(long slot, long now) {
        LiveStream st = streams.current();
        return st != null && st.isOpen() && slot >= streamHigh
                && now - Math.max(streamRoseAtMs, streamHeldAtMs) < settings.streamGraceMs();
    }

    private void readBlock(long slot) {
        Optional<Endpoint> e = reader(slot);
        inFlight++;
        if (e.isEmpty()) {
            inbox.add(new FetchFailed(slot, null, 0, "no RPC endpoint in service"));
            return;
        }
        rpc.block(e.get(), slot, level).whenComplete((block, err) ->
                inbox.add(err == null ? new Fetched(slot, block) : new FetchFailed(slot, kind(err), rpcCode(err), message(err))));
    }

    /**
     * Reads the few transactions a listed slot lacked from the stream, at once, instead of its whole
     * block. Whatever goes wrong (a read fails, a node does not have one yet, one is in another slot)
     * falls back to reading the block.
     */
    private void readTransactions(long slot, List<String> signatures) {
        Optional<Endpoint> e = reader(slot);
        if (e.isEmpty()) {
            readBlock(slot);
            return;
        }
        inFlight++;
        readOneByOne.add(slot);
        List<CompletableFuture<Optional<ConfirmedTransaction>>> reads = new ArrayList<>();
        for (String signature : signatures) {
            reads.add(rpc.transaction(e.get(), signature, level));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).whenComplete((x, err) -> {
            if (err != null) {
                inbox.add(new TransactionsRead(slot, null, message(err)));
                return;
            }
            List<ConfirmedTransaction> read = new ArrayList<>();
            for (int i = 0; i < reads.size(); i++) {
                Optional<ConfirmedTransaction> tx = reads.get(i).join();
                if (tx.isEmpty()) {
                    inbox.add(new TransactionsRead(slot, null, "getTransaction(" + signatures.get(i) + ") found nothing"));
                    return;
                }
                read.add(tx.get());
            }
            inbox.add(new TransactionsRead(slot, read, null));
        });
    }

    private void onTransactionsRead(TransactionsRead r) {
        inFlight--;
        List<SolanaRpc.SignatureInfo> listed = awaited.get(r.slot());
        if (listed == null) {
            queue.done(r.slot()); // settled another way meanwhile
            return;
        }
        if (r.transactions() != null) {
            for (ConfirmedTransaction ct : r.transactions()) {
                if (ct.slot() != r.slot()) {
                    log.warn("solana getTransaction({}) says slot {}, the listing said {}: reading the block", ct.transaction().signature(),
                            ct.slot(), r.slot());
                    readBlock(r.slot());
                    return;
                }
            }
            for (ConfirmedTransaction ct : r.transactions()) {
                SolanaTransaction tx = ct.transaction();
                onStreamTx(r.slot(), tx.signature(), TxSignature.fromBase58(tx.signature()), -1, !tx.succeeded(),
                        tx.succeeded() ? extractor.extract(tx) : List.of(), transactionEvents);
            }
            if (settleFromStream(r.slot(), listed)) {
                queue.done(r.slot());
                return;
            }
        } else {
            log.debug("solana slot {}: reading its missing transactions failed ({}); reading the block", r.slot(), r.why());
        }
        readBlock(r.slot());
    }

    /** An endpoint to read {@code slot} from: one that has reached it, by weight when the weighted pick has. */
    private Optional<Endpoint> reader(long slot) {
        Optional<Endpoint> weighted = rpcPool.pickWeighted();
        if (weighted.isPresent() && weighted.get().head() >= slot) {
            return weighted;
        }
        Optional<Endpoint> reached = rpcPool.ranked().stream().filter(x -> x.head() >= slot).findFirst();
        return reached.isPresent() ? reached : weighted;
    }

    private static int rpcCode(Throwable err) {
        Throwable cause = err.getCause() != null ? err.getCause() : err;
        return cause instanceof EndpointException e ? e.rpcCode() : 0;
    }

    private static io.chainwatch.endpoints.FailureKind kind(Throwable err) {
        Throwable cause = err.getCause() != null ? err.getCause() : err;
        return cause instanceof EndpointException e ? e.kind() : io.chainwatch.endpoints.FailureKind.MALFORMED;
    }

    /** What went wrong, from a future's failure. */
    static String message(Throwable err) {
        Throwable cause = err.getCause() != null ? err.getCause() : err;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * Hands what was settled since the last commit to the writer: retractions, events, curves, lost
     * slots and the checkpoint, then the finalized range's upgrade. Whatever the writer cannot take
     * now (its queue is full) stays pending, merged into the next commit.
     *
     * @return false when something stays pending
     */
    private boolean commit() {
        if (tracker == null) {
            return true;
        }
        long checkpoint = tracker.checkpoint();
        boolean retracts = !pendingRetractions.isEmpty();
        boolean commits = !pendingRows.isEmpty() || !changedCurves.isEmpty() || !pendingLost.isEmpty() || checkpoint > committedCheckpoint;
        if (!retracts && !commits) {
            return true;
        }
        List<CurveRow> curves = curveRows();
        long finalUpTo = Math.min(root, checkpoint);
        StoreWriter.Upgrade upgrade = commits && finalUpTo > finalizedInStore
                ? new StoreWriter.Upgrade(finalizedInStore + 1, finalUpTo, Commitment.FINALIZED) : null;
        StoreWriter.Write write = new StoreWriter.Write(List.copyOf(pendingRetractions), retracts ? curves : List.of(),
                commits ? new SolanaStore.SlotCommit(FEED, Math.max(0, checkpoint), pendingRows, curves, pendingLost) : null, upgrade,
                commits ? pendingTraces : List.of());
        if (writer.offer(write) != StoreWriter.Offer.ACCEPTED) {
            return false; // the writer is behind (counted): everything stays pending for the next turn
        }
        pendingRetractions.clear();
        if (commits) {
            streamSlots.keySet().removeIf(slot -> slot <= checkpoint); // late copies of settled slots
            completeInStream.keySet().removeIf(slot -> slot <= checkpoint);
            pendingRows.clear();
            changedCurves.clear();
            pendingLost.clear();
            pendingTraces.clear();
            committedCheckpoint = checkpoint;
        }
        if (upgrade != null) {
            finalizedInStore = finalUpTo;
            book.prune(finalUpTo); // final on the chain: the book needs no undo for it, whenever the store has it
        }
        return true;
    }

    private List<CurveRow> curveRows() {
        List<CurveRow> rows = new ArrayList<>(changedCurves.size());
        for (PublicKey mint : changedCurves) {
            book.curve(mint).ifPresent(v -> {
                rows.add(StoreRows.curve(v, Math.max(v.lastActivitySlot(), v.createdSlot())));
                if (v.reserves() == null) {
                    accounts.needs(mint); // its events carry no reserves: its account has them
                }
            });
        }
        return rows;
    }

    private void evaluateLevel(long now) {
        long elapsed = Math.max(1, now - windowStartMs);
        int usable = 0;
        int all = 0;
        for (EndpointPool p : List.of(rpcPool, streamPool)) {
            for (Endpoint e : p.all()) {
                all++;
                if (e.usable()) {
                    usable++;
                }
            }
        }
        double latencyMs = Math.max(0, latency.takeMedianMs()); // none measured (at processed, say): no latency to weigh
        Commitment next = controller.evaluate(new CommitmentController.Window(windowSlots, windowRetracted, latencyMs,
                Math.max(0, levelTipHint - tracker.checkpoint()), usable, all));
        if (next != level) {
            log.warn("solana commitment moves from {} to {} ({} slots, {} retracted, {} of {} endpoints usable in {} ms)", level.rpcName(),
                    next.rpcName(), windowSlots, windowRetracted, usable, all, elapsed);
            level = next;
            scorer.execute(() -> streams.ensure(next));
        }
        windowStartMs = now;
        windowSlots = 0;
        windowRetracted = 0;
    }

    private void publishStatus() {
        SlotTracker.Stats s = tracker.stats();
        LiveStream st = streams.current();
        status = new FeedStatus(level, s.checkpoint(), levelTipHint, processedTip, root, s.lagSlots(), s.openGapSlots(), s.coverage(),
                s.delivered(), s.skipped(), s.lost(), queue.size(), active.size(), queue.recovered(), retractedSlots,
                st != null && st.isOpen() ? st.endpoint().id() : null, streamMessages, writer.storedEvents(), book.size(),
                settledFromStream, settledFromTransactions, settledFromBlocks);
    }

    @Override
    public void close() {
        running = false;
        feedThread.interrupt();
        scorer.shutdownNow();
        streams.close();
        accounts.close();
        try {
            feedThread.join(5_000);
            // The feed thread has stopped: what it read is stored before the process goes.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITER_DRAIN_MS);
            while (!commit() && System.nanoTime() < until) {
                Thread.sleep(10); // the writer's queue is full: wait for room
            }
            scorer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.close(WRITER_DRAIN_MS);
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
