package io.chainwatch.core.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code risk:} section: every limit the risk manager holds trades to, each required (a limit is
 * never given a default), in the valuation currency. The risk module turns it into its limits.
 *
 * @param maxPositionShare   share of the portfolio one trade may put at risk ({@code maxPositionSize}, MAX_POSITION_SIZE)
 * @param maxDrawdown        share below the equity peak that stops trading (MAX_DRAWDOWN)
 * @param cooldownMs         how long a pause lasts, and after which an emergency stop may resume itself
 * @param strategyBudgets    notional each strategy may have open at once
 * @param projection         the Monte Carlo projection that may tighten the limits; empty when none is configured
 */
public record RiskConfig(BigDecimal maxDailyLoss, BigDecimal maxTradeAmount, double maxPositionShare, double maxDrawdown,
                         BigDecimal emergencyStopLoss, int maxConsecutiveLosses, long cooldownMs, boolean autoResume,
                         Map<String, BigDecimal> strategyBudgets, Optional<ProjectionConfig> projection) {
    public RiskConfig {
        strategyBudgets = Map.copyOf(strategyBudgets);
        Objects.requireNonNull(projection, "projection");
    }
}
