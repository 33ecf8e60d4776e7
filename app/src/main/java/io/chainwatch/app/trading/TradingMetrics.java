package io.chainwatch.app.trading;

import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.RiskSnapshot;
import io.chainwatch.risk.TradingState;
import io.chainwatch.strategy.exec.TradeJournal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The risk state and the trade flow as Prometheus metrics, read from the risk manager and the journal
 * when scraped (what the shipped Grafana dashboard and alert rules use). Amounts are in the dollars of
 * {@code trading.usdToken}, as the risk limits are.
 */
final class TradingMetrics {
    private TradingMetrics() {
    }

    static void register(String chain, RiskManager risk, TradeJournal journal, MeterRegistry metrics) {
        Tags tags = Tags.of("chain", chain);
        for (TradingState s : TradingState.values()) {
            Gauge.builder("chainwatch_risk_state", risk, r -> r.state() == s ? 1 : 0)
                    .tags(tags.and("state", s.name().toLowerCase(Locale.ROOT)))
                    .description("1 for the state trading is in: active, reducing (a daily loss limit reached) or halted").register(metrics);
        }
        Gauge.builder("chainwatch_risk_loss_today_usd", risk, r -> r.snapshot().lossToday().doubleValue()).tags(tags)
                .description("Realized losses this UTC day").register(metrics);
        Gauge.builder("chainwatch_risk_max_daily_loss_usd", risk, r -> r.limits().maxDailyLoss().doubleValue()).tags(tags)
                .description("The daily loss limit in force (tightened while the projection is bad)").register(metrics);
        Gauge.builder("chainwatch_risk_equity_usd", risk, r -> r.snapshot().equity().doubleValue()).tags(tags)
                .description("The portfolio's value now").register(metrics);
        Gauge.builder("chainwatch_risk_drawdown_ratio", risk, TradingMetrics::drawdown).tags(tags)
                .description("Fall of the equity from its peak, as a share of the peak").register(metrics);
        Gauge.builder("chainwatch_risk_max_drawdown_ratio", risk, r -> r.limits().maxDrawdown()).tags(tags)
                .description("The drawdown that stops trading").register(metrics);
        FunctionCounter.builder("chainwatch_trading_opportunities", journal, TradeJournal::opportunitiesRecorded).tags(tags)
                .description("Opportunities the risk manager decided or the engine skipped").register(metrics);
        FunctionCounter.builder("chainwatch_trading_trades", journal, TradeJournal::tradesRecorded).tags(tags)
                .description("Trades approved and handed to the executor").register(metrics);
    }

    private static double drawdown(RiskManager risk) {
        RiskSnapshot s = risk.snapshot();
        if (s.peakEquity().signum() <= 0) {
            return 0;
        }
        return s.peakEquity().subtract(s.equity()).max(BigDecimal.ZERO).divide(s.peakEquity(), MathContext.DECIMAL64).doubleValue();
    }
}
