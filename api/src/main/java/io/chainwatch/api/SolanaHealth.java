package io.chainwatch.api;

import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.solana.feed.FeedStatus;
import io.chainwatch.solana.feed.SolanaFeed;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Solana entry of /api/v1/performance/health.
 *
 * <ul>
 *   <li>DOWN: no usable RPC endpoint (blocks cannot be read), or no data for {@link #STALE_AFTER}
 *       (neither the checkpoint nor the processed tip moved);</li>
 *   <li>DEGRADED: lag over {@link #MAX_LAG_SLOTS} slots, open gaps, slots lost within
 *       {@link #LOST_RECENTLY}, no live stream open, or no slot handled yet;</li>
 *   <li>UP otherwise.</li>
 * </ul>
 * {@link FeedStatus} holds no time, so "no data for 30 s" and "lost recently" are judged from what
 * successive health requests saw: the feed is watched from this object's creation (before the feed
 * starts, in the app), and a change counts from the request that first saw it.
 *
 * <p>Thread-safe: request threads share one immutable {@link Watch}, replaced by a pure update.
 */
final class SolanaHealth {
    static final long MAX_LAG_SLOTS = 150;
    static final Duration STALE_AFTER = Duration.ofSeconds(30);
    static final Duration LOST_RECENTLY = Duration.ofMinutes(10);

    private final SolanaFeed feed;
    private final InstantSource clock;
    private final AtomicReference<Watch> watch;

    SolanaHealth(SolanaFeed feed, InstantSource clock) {
        this.feed = feed;
        this.clock = clock;
        this.watch = new AtomicReference<>(Watch.start(feed.status(), clock.instant()));
    }

    /**
     * What the health requests have seen of the feed.
     *
     * @param progressAt when the checkpoint or the processed tip was last seen to move (or watching began)
     * @param lostGrewAt when the count of lost slots was last seen to grow, or null if never
     */
    record Watch(long checkpoint, long processedTip, Instant progressAt, long lost, Instant lostGrewAt) {
        static Watch start(FeedStatus s, Instant now) {
            return new Watch(s.checkpoint(), s.processedTip(), now, s.lost(), null);
        }

        Watch observe(FeedStatus s, Instant now) {
            boolean moved = s.checkpoint() != checkpoint || s.processedTip() != processedTip;
            boolean lostGrew = s.lost() > lost;
            return new Watch(s.checkpoint(), s.processedTip(), moved ? now : progressAt, s.lost(), lostGrew ? now : lostGrewAt);
        }
    }

    /** A verdict and the reasons for it (empty when UP). */
    record Verdict(Health status, List<String> reasons) {
    }

    static Verdict judge(FeedStatus s, Watch w, int rpcUsable, Instant now) {
        List<String> down = new ArrayList<>();
        if (rpcUsable == 0) {
            down.add("no usable RPC endpoint");
        }
        Duration quiet = Duration.between(w.progressAt(), now);
        if (quiet.compareTo(STALE_AFTER) > 0) {
            down.add("no data for " + quiet.toSeconds() + " s");
        }
        if (!down.isEmpty()) {
            return new Verdict(Health.DOWN, List.copyOf(down));
        }
        List<String> degraded = new ArrayList<>();
        if (s.checkpoint() < 0) {
            degraded.add("no slot handled yet");
        }
        if (s.lagSlots() > MAX_LAG_SLOTS) {
            degraded.add("lag " + s.lagSlots() + " slots, over " + MAX_LAG_SLOTS);
        }
        if (s.openGapSlots() > 0) {
            degraded.add(s.openGapSlots() + " slots in open gaps");
        }
        if (w.lostGrewAt() != null && Duration.between(w.lostGrewAt(), now).compareTo(LOST_RECENTLY) <= 0) {
            degraded.add("slots lost in the last " + LOST_RECENTLY.toMinutes() + " min (" + s.lost() + " in all)");
        }
        if (s.stream() == null) {
            degraded.add("no live stream open");
        }
        return new Verdict(degraded.isEmpty() ? Health.UP : Health.DEGRADED, List.copyOf(degraded));
    }

    HealthEntry entry() {
        FeedStatus s = feed.status();
        Instant now = clock.instant();
        Watch w = watch.updateAndGet(old -> old.observe(s, now));
        int rpcUsable = usable(feed.rpcEndpoints());
        Verdict v = judge(s, w, rpcUsable, now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", "solana");
        m.put("kind", "solana");
        m.put("status", v.status());
        m.put("reasons", v.reasons());
        m.put("commitment", s.level().rpcName());
        m.put("checkpoint", s.checkpoint());
        m.put("levelTip", s.levelTip());
        m.put("processedTip", s.processedTip());
        m.put("root", s.root());
        m.put("lag", s.lagSlots());
        m.put("openGapSlots", s.openGapSlots());
        m.put("coverage", EndpointJson.round(s.coverage()));
        m.put("delivered", s.delivered());
        m.put("settledFromStream", s.fromStream());
        m.put("settledFromTransactions", s.fromTransactions());
        m.put("settledFromBlocks", s.fromBlocks());
        m.put("skipped", s.skipped());
        m.put("lost", s.lost());
        m.put("recoveryQueued", s.recoveryQueued());
        m.put("recoveryActive", s.recoveryActive());
        m.put("recovered", s.recovered());
        m.put("retractedSlots", s.retractedSlots());
        m.put("stream", s.stream());
        m.put("streamMessages", s.streamMessages());
        m.put("storedEvents", s.storedEvents());
        m.put("curves", s.curves());
        int grpcUsable = feed.grpcEndpoints().map(SolanaHealth::usable).orElse(0);
        int grpcTotal = feed.grpcEndpoints().map(p -> p.all().size()).orElse(0);
        m.put("endpointsUsable", rpcUsable + usable(feed.streamEndpoints()) + grpcUsable);
        m.put("endpointsTotal", feed.rpcEndpoints().all().size() + feed.streamEndpoints().all().size() + grpcTotal);
        m.put("lastProgressAt", w.progressAt());
        return new HealthEntry(v.status(), m);
    }

    private static int usable(EndpointPool pool) {
        return (int) pool.all().stream().filter(Endpoint::usable).count();
    }
}
