package io.chainwatch.app.alerting;

import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.AlertEvent;
import io.chainwatch.alerts.AlertManager;
import io.chainwatch.alerts.MicrometerSeriesSource;
import io.chainwatch.alerts.QueuedAlertHistory;
import io.chainwatch.alerts.channel.AlertChannels;
import io.chainwatch.app.LogFormat;
import io.chainwatch.app.trading.TradingDesk;
import io.chainwatch.core.config.AlertsConfig;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.solana.feed.SolanaFeed;
import io.chainwatch.store.Database;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The alert manager of one running chainwatch and what feeds it: metric rules read the meter
 * registry; event rules hear endpoints change state, curves complete, the risk state change and
 * opportunities appear; alerts raised from a block or slot that is orphaned are resolved with that
 * reason. Every listener only offers an event to the manager's bounded queue: none blocks the
 * thread that tells it.
 */
public final class Alerting implements AutoCloseable {
    /** The most alert state changes and notification attempts waiting to be written to the store. */
    private static final int HISTORY_QUEUE = 10_000;
    /** The chain name Solana's slots go by in alert origins and labels. */
    private static final String SOLANA = "solana";

    private final AlertManager manager;
    private final QueuedAlertHistory history;
    private final List<AlertChannel> channels;
    private final InstantSource clock;

    private Alerting(AlertManager manager, QueuedAlertHistory history, List<AlertChannel> channels, InstantSource clock) {
        this.manager = manager;
        this.history = history;
        this.channels = channels;
        this.clock = clock;
    }

    /** Builds the channels and the manager from {@code config} and starts evaluating. */
    public static Alerting start(AlertsConfig config, Database database, MeterRegistry metrics, InstantSource clock, SplittableRandom random) {
        List<AlertChannel> channels = AlertChannels.fromConfig(config.channels(), clock, LogFormat.current());
        QueuedAlertHistory history = new QueuedAlertHistory(database.alertHistory(), HISTORY_QUEUE);
        AlertManager manager;
        try {
            manager = AlertManager.builder(config).channels(channels).source(new MicrometerSeriesSource(metrics, clock)).history(history)
                    .silences(database.silences())
                    .registry(metrics).clock(clock).random(random).build();
        } catch (RuntimeException e) {
            channels.forEach(AlertChannel::close);
            history.close();
            throw e;
        }
        manager.start();
        return new Alerting(manager, history, channels, clock);
    }

    public AlertManager manager() {
        return manager;
    }

    /** Endpoint state changes of {@code pool} become {@link AlertEvent#ENDPOINT_STATE} events (benched, healthy ...). */
    public void watch(EndpointPool pool) {
        pool.onStateChange(c -> manager.event(new AlertEvent(AlertEvent.ENDPOINT_STATE, Map.of("chain", c.chain(), "endpoint", c.endpoint(),
                "state", c.to().name().toLowerCase(Locale.ROOT), "cause", c.reason()), c.score(), Map.of("url", c.displayUrl()),
                clock.instant(), Optional.empty())));
    }

    /** Solana: its endpoints, curves completing (from their slot), and slots orphaned. */
    public void watch(SolanaFeed feed) {
        watch(feed.rpcEndpoints());
        watch(feed.streamEndpoints());
        feed.grpcEndpoints().ifPresent(this::watch);
        feed.onCurveMilestone(m -> {
            if (m.status() == io.chainwatch.market.pump.CurveStatus.COMPLETE) {
                manager.event(new AlertEvent(AlertEvent.CURVE_COMPLETED, Map.of("mint", m.mint().toBase58()), 0,
                        Map.of("signature", m.signature(), "slot", Long.toString(m.slot())), clock.instant(),
                        Optional.of(new AlertEvent.Origin(SOLANA, m.slot()))));
            }
        });
        feed.onSlotOrphaned(slot -> manager.orphaned(SOLANA, slot));
    }

    /**
     * The performance monitor's findings: each one that holds is told every sample; one that is no
     * longer among them is told as cleared once, which resolves its alert.
     */
    public void watch(io.chainwatch.monitor.PerformanceMonitor monitor) {
        java.util.Map<String, io.chainwatch.monitor.Finding> holding = new java.util.HashMap<>(); // the sampler thread's own
        monitor.addListener((at, findings) -> {
            java.util.Map<String, io.chainwatch.monitor.Finding> now = new java.util.HashMap<>();
            for (var f : findings) {
                now.put(f.fingerprint(), f);
                manager.event(performance(f, "holds", at));
            }
            for (var gone : holding.values()) {
                if (!now.containsKey(gone.fingerprint())) {
                    manager.event(performance(gone, "cleared", at));
                }
            }
            holding.clear();
            holding.putAll(now);
        });
    }

    private static AlertEvent performance(io.chainwatch.monitor.Finding f, String state, java.time.Instant at) {
        return new AlertEvent(AlertEvent.PERFORMANCE, Map.of("finding", f.kind().name().toLowerCase(Locale.ROOT), "metric", f.metric(),
                "severity", f.severity().name().toLowerCase(Locale.ROOT), "state", state), f.value(), Map.of("message", f.message()), at,
                Optional.empty());
    }

    /** An EVM chain rolled back to {@code ancestor}: what was raised from the blocks above it is resolved as orphaned. */
    public void rolledBack(String chain, long ancestor) {
        manager.orphaned(chain, ancestor + 1);
    }

    /** Trading: the risk state changing, and every opportunity with its expected profit in dollars. */
    public void watch(TradingDesk desk) {
        desk.onRiskEvent(e -> {
            if (e instanceof RiskManager.RiskEvent.StateChanged s) {
                manager.event(new AlertEvent(AlertEvent.RISK_STATE_CHANGED, Map.of("account", desk.account(), "state", s.to().name(),
                        "from", s.from().name(), "reason", s.reason()), 0, Map.of(), s.at(), Optional.empty()));
            }
        });
        desk.onOpportunity(o -> manager.event(new AlertEvent(AlertEvent.OPPORTUNITY, Map.of("chain", desk.chainName(),
                "route", String.join(">", o.route().pools().stream().map(Object::toString).toList())),
                o.netUsd() == null ? 0 : o.netUsd().doubleValue() / Math.pow(10, desk.usdDecimals()), Map.of(), o.seenAt(),
                Optional.of(new AlertEvent.Origin(desk.chainName(), o.blockNumber())))));
    }

    @Override
    public void close() {
        manager.close();
        channels.forEach(AlertChannel::close);
        history.close();
    }
}
