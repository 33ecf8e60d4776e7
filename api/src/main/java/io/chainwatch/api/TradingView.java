package io.chainwatch.api;

import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.RiskProjector;
import io.chainwatch.strategy.exec.TradeJournal;

import java.util.Objects;
import java.util.Optional;

/**
 * What the trading routes show and act on: the risk manager (shared, thread-safe), the journal of
 * opportunities and trades, the limits as configured (the live ones may be tightened), and the
 * Monte Carlo projector when {@code risk.projection} is configured.
 */
public record TradingView(RiskManager risk, TradeJournal journal, RiskLimits configured, Optional<RiskProjector> projector) {
    public TradingView {
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(projector, "projector");
    }
}
