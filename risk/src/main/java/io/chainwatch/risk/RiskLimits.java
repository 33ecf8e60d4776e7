package io.chainwatch.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Every limit the risk manager holds trades to, in the account's valuation currency (USD-equivalent).
 * None has a default: a missing limit is a configuration error, never a silent number.
 *
 * @param maxDailyLoss          realized losses in one UTC day, plus the worst case of trades still open, at most this
 * @param maxTradeAmount        one trade's notional at most this
 * @param maxPositionShare      one trade's notional at most this share of the portfolio's value (0 to 1)
 * @param maxDrawdown           the fall from the equity peak, as a share of the peak, that stops trading (0 to 1)
 * @param emergencyStopLoss     total loss since the start that stops trading
 * @param maxConsecutiveLosses  losing trades in a row that pause trading for the cooldown
 * @param cooldown              how long a pause lasts, and after which an emergency stop may resume by itself
 * @param autoResume            whether an emergency stop ends by itself after the cooldown (else only a manual reset ends it)
 * @param strategyBudgets       notional each strategy may have open at once; a strategy not listed may not trade
 */
public record RiskLimits(BigDecimal maxDailyLoss, BigDecimal maxTradeAmount, double maxPositionShare, double maxDrawdown,
                         BigDecimal emergencyStopLoss, int maxConsecutiveLosses, Duration cooldown, boolean autoResume,
                         Map<String, BigDecimal> strategyBudgets) {
    public RiskLimits {
        positive("maxDailyLoss", maxDailyLoss);
        positive("maxTradeAmount", maxTradeAmount);
        positive("emergencyStopLoss", emergencyStopLoss);
        share("maxPositionShare", maxPositionShare);
        share("maxDrawdown", maxDrawdown);
        if (maxConsecutiveLosses < 1) {
            throw new IllegalArgumentException("maxConsecutiveLosses: must be >= 1, got " + maxConsecutiveLosses);
        }
        Objects.requireNonNull(cooldown, "cooldown");
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown: must be >= 0, got " + cooldown);
        }
        strategyBudgets = Map.copyOf(strategyBudgets);
        strategyBudgets.forEach((name, budget) -> positive("strategyBudgets." + name, budget));
    }

    /** The limits of a checked {@code risk:} configuration section. */
    public static RiskLimits of(io.chainwatch.core.config.RiskConfig c) {
        return new RiskLimits(c.maxDailyLoss(), c.maxTradeAmount(), c.maxPositionShare(), c.maxDrawdown(), c.emergencyStopLoss(),
                c.maxConsecutiveLosses(), Duration.ofMillis(c.cooldownMs()), c.autoResume(), c.strategyBudgets());
    }

    /** These limits with every amount scaled by {@code factor} (0 to 1): tighter, as a projection asks. */
    public RiskLimits tightened(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("factor: must be in (0, 1], got " + factor);
        }
        BigDecimal f = BigDecimal.valueOf(factor);
        java.util.Map<String, BigDecimal> budgets = new java.util.HashMap<>();
        strategyBudgets.forEach((k, v) -> budgets.put(k, v.multiply(f)));
        return new RiskLimits(maxDailyLoss.multiply(f), maxTradeAmount.multiply(f), maxPositionShare * factor, maxDrawdown,
                emergencyStopLoss, maxConsecutiveLosses, cooldown, autoResume, budgets);
    }

    private static void positive(String name, BigDecimal v) {
        Objects.requireNonNull(v, name);
        if (v.signum() <= 0) {
            throw new IllegalArgumentException(name + ": must be > 0, got " + v.toPlainString());
        }
    }

    private static void share(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + ": must be a share in (0, 1], got " + v);
        }
    }
}
