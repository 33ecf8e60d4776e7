package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.SolanaConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.EndpointPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the Solana feed's one live stream open: on a gRPC endpoint when one is configured and ready
 * (the first by priority; with failover, the next when it fails), else on the best WebSocket
 * endpoint. A stream on WebSocket moves back to gRPC as soon as a gRPC endpoint is ready again, and
 * to another WebSocket endpoint when that one is clearly better. When every WebSocket endpoint is
 * benched, the best of them (not quarantined) is tried every {@link #BENCHED_RETRY_AFTER_MS}: a
 * stream from an endpoint that recently failed beats no stream. A gRPC stream resumes from where the
 * last stream was (the overlap comes twice and is dropped as duplicates); an endpoint that cannot
 * replay that far is opened live from then on, and the feed's block path reads what it skipped.
 *
 * <p>{@link #ensure} runs on the scorer thread, {@link #closed} on the feed thread; the state they
 * share is volatile or concurrent.
 */
final class StreamKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamKeeper.class);
    /**
     * How long a WebSocket endpoint whose stream failed waits before it is tried again, after its
     * first failure in a row. Each failure in a row doubles it, up to {@link #WS_RETRY_MOST_MS}: an
     * endpoint that dropped a working stream (a slow-subscriber cut, a restart) is followed again at
     * once, one that keeps failing is not hammered. With several endpoints another one takes over
     * meanwhile; with one, every slot of the wait must be read back over RPC.
     */
    private static final long WS_RETRY_FIRST_MS = 100;
    private static final long WS_RETRY_MOST_MS = 3_000;
    /** A stream that lasted this long ends its endpoint's run of failures: the next wait is the first again. */
    private static final long WS_RUN_ENDS_AFTER_MS = 30_000;
    /**
     * How long a benched WebSocket endpoint whose stream failed waits before it is tried again, when
     * no usable one is left. A benched endpoint comes back only after its failures have aged out of
     * its health window (half a minute) and it has scored well for a few rounds; until then the feed
     * would have no stream at all and read every slot's block, at ten times the CPU per event.
     */
    private static final long BENCHED_RETRY_AFTER_MS = 10_000;

    private final SolanaConfig config;
    private final EndpointPool streamPool;
    private final EndpointPool grpcPool;
    private final Map<Endpoint, String> tokens;
    private final InstantSource clock;
    private final StreamListener listener;
    private final GeyserStream.AccountWatch accounts;
    private final Map<Endpoint, Long> failedAtMs = new ConcurrentHashMap<>();
    /** Failures in a row of each endpoint: streams that would not open or did not last {@link #WS_RUN_ENDS_AFTER_MS}. */
    private final Map<Endpoint, Integer> failuresInARow = new ConcurrentHashMap<>();
    /** When the current stream was adopted. */
    private volatile long streamSinceMs;
    /** gRPC endpoints that refused a replay (OUT_OF_RANGE): opened live from now on, the block path fills the rest. */
    private final Set<Endpoint> noReplay = ConcurrentHashMap.newKeySet();
    private volatile LiveStream stream;
    private volatile boolean connecting;
    private volatile boolean running = true;
    /** The highest slot any stream told of, for a gRPC stream to replay from after a switch. */
    private volatile long lastSlot = -1;

    /**
     * @param grpcPool  Yellowstone gRPC endpoints, preferred when given; null for none
     * @param tokens    the x-token of each gRPC endpoint that has one (secrets: never logged)
     * @param accounts  what a gRPC stream follows besides transactions; null for nothing
     */
    StreamKeeper(SolanaConfig config, EndpointPool streamPool, EndpointPool grpcPool, Map<Endpoint, String> tokens,
                 InstantSource clock, StreamListener listener, GeyserStream.AccountWatch accounts) {
        this.config = config;
        this.streamPool = streamPool;
        this.grpcPool = grpcPool;
        this.tokens = Map.copyOf(tokens);
        this.clock = clock;
        this.listener = listener;
        this.accounts = accounts;
    }

    /** The stream open now, or null. */
    LiveStream current() {
        return stream;
    }

    /** A stream told of {@code slot}: a later gRPC stream replays from the highest. */
    void told(long slot) {
        if (slot > lastSlot) {
            lastSlot = slot;
        }
    }

    /**
     * A stream ended with {@code cause}. Returns true when a stream should be opened again at once:
     * it was the current one, or its endpoint cannot replay (it is reopened live).
     */
    boolean closed(LiveStream from, EndpointException cause) {
        boolean again = false;
        if (GeyserStream.isOutOfRange(cause)) {
            noReplay.add(from.endpoint());
            again = true;
        } else {
            long now = clock.millis();
            failed(from.endpoint(), now, stream == from && now - streamSinceMs >= WS_RUN_ENDS_AFTER_MS);
        }
        if (stream == from) {
            stream = null;
            log.warn("solana stream on {} lost: {}; failing over", from.endpoint().id(), cause.getMessage());
            again = true;
        }
        return again;
    }

    /** Opens a stream at {@code wanted} where none is open, or a better one where one is ready. */
    void ensure(Commitment wanted) {
        LiveStream s = stream;
        Optional<Endpoint> grpc = readyGrpc();
        if (s != null && s.isOpen() && s.endpoint().usable() && s.level() == wanted) {
            if (s instanceof GeyserStream) {
                return;
            }
            if (grpc.isEmpty()) {
                Optional<Endpoint> best = streamPool.ranked().stream().findFirst();
                if (best.isEmpty() || best.get() == s.endpoint() || best.get().health().score() < s.endpoint().health().score() + 0.2) {
                    return; // keep a working stream unless another is clearly better
                }
            }
        }
        if (connecting) {
            return;
        }
        if (grpc.isPresent()) {
            Endpoint e = grpc.get();
            long from = -1;
            if (!noReplay.contains(e)) {
                from = s instanceof GeyserStream g && g.resumeFromSlot() >= 0 ? g.resumeFromSlot() : lastSlot;
            }
            connecting = true;
            adopt(e, wanted, GeyserStream.open(e, tokens.get(e), config.programs(), accounts, wanted, from, listener));
            return;
        }
        long now = clock.millis();
        Optional<Endpoint> target = streamPool.ranked().stream()
                .filter(x -> now - failedAtMs.getOrDefault(x, Long.MIN_VALUE / 2) >= wsRetryAfterMs(x))
                .findFirst();
        if (target.isEmpty()) {
            if (s != null && s.isOpen() && s.level() == wanted) {
                return; // nowhere better to go: keep the open stream, benched endpoint or not
            }
            target = lastResort(now);
            if (target.isEmpty()) {
                return;
            }
            log.warn("solana stream: no usable WebSocket endpoint; trying benched {} (score {}): a stream from it beats none",
                    target.get().id(), String.format("%.2f", target.get().health().score()));
        }
        connecting = true;
        Endpoint e = target.get();
        adopt(e, wanted, LogsStream.open(e, config.programs(), wanted, config.maxResponseBytes(), listener));
    }

    /** Records a failure of {@code e} at {@code now}; {@code afterARun}: its stream had lasted, the run of failures starts again. */
    private void failed(Endpoint e, long now, boolean afterARun) {
        failedAtMs.put(e, now);
        failuresInARow.merge(e, 1, (was, one) -> afterARun ? 1 : was + 1);
    }

    /** How long WebSocket endpoint {@code e} waits after its last failure: the first wait, doubled per failure in a row. */
    long wsRetryAfterMs(Endpoint e) {
        int inARow = failuresInARow.getOrDefault(e, 1);
        return Math.min(WS_RETRY_MOST_MS, WS_RETRY_FIRST_MS << Math.min(inARow - 1, 20));
    }

    /**
     * The best-scoring WebSocket endpoint among those not usable (benched, or their breaker open) that
     * is not quarantined and has not failed for {@link #BENCHED_RETRY_AFTER_MS}.
     */
    private Optional<Endpoint> lastResort(long now) {
        return streamPool.all().stream()
                .filter(x -> !x.usable() && !x.quarantined()
                        && now - failedAtMs.getOrDefault(x, Long.MIN_VALUE / 2) > BENCHED_RETRY_AFTER_MS)
                .max(Comparator.<Endpoint>comparingDouble(x -> x.health().score()).thenComparingInt(x -> -x.config().priority()));
    }

    /**
     * The gRPC endpoint to stream from now, if any: usable and not failed within the health-check
     * interval; only the first by priority unless failover is on.
     */
    private Optional<Endpoint> readyGrpc() {
        if (grpcPool == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        List<Endpoint> byPriority = grpcPool.all().stream().sorted(Comparator.comparingInt(x -> x.config().priority())).toList();
        List<Endpoint> candidates = config.grpcFailover() ? byPriority : byPriority.subList(0, 1);
        // A failed gRPC endpoint is tried again every health-check interval (GRPC_HEALTH_CHECK_INTERVAL).
        return candidates.stream()
                .filter(x -> x.usable() && now - failedAtMs.getOrDefault(x, Long.MIN_VALUE / 2) > config.grpcHealthCheckIntervalMs())
                .findFirst();
    }

    private void adopt(Endpoint e, Commitment wanted, CompletableFuture<? extends LiveStream> opening) {
        opening.whenComplete((opened, err) -> {
            connecting = false;
            if (err != null) {
                Throwable cause = err.getCause() != null ? err.getCause() : err;
                if (!(cause instanceof EndpointException ee && GeyserStream.isOutOfRange(ee))) {
                    failed(e, clock.millis(), false);
                }
                log.warn("solana stream on {} failed to open: {}", e.id(), cause.getMessage());
                return;
            }
            if (!running) {
                opened.close(); // the feed closed while this stream was opening
                return;
            }
            LiveStream old = stream;
            streamSinceMs = clock.millis();
            stream = opened;
            if (old != null && old != opened) {
                old.close();
            }
            log.info("solana stream follows {} ({}, {}) at {}", e.id(), opened instanceof GeyserStream ? "grpc" : "websocket",
                    e.displayUrl(), wanted.rpcName());
        });
    }

    @Override
    public void close() {
        running = false;
        LiveStream s = stream;
        if (s != null) {
            s.close();
        }
    }
}
