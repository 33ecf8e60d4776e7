package io.chainwatch.risk;

/**
 * How risky a trade looks, each part from 0 (none) to 1 (as bad as it gets), and their weighted sum.
 *
 * @param market    recent price volatility
 * @param liquidity price impact and slippage at the size
 * @param execution gas against the profit, the age of the state it saw, competition for the same pools
 */
public record RiskScore(double market, double liquidity, double execution, double total) {
    static RiskScore of(TradeRequest r) {
        double market = clamp(r.volatility() / 0.10);                    // 10% daily moves and more: as bad as it gets
        double liquidity = clamp((r.priceImpact() + r.slippage()) / 0.05); // 5% lost to impact and slippage
        double age = clamp(r.stateAge().toMillis() / 12_000.0);           // a block old or more
        double execution = clamp(0.4 * clamp(r.gasShare()) + 0.3 * age + 0.3 * clamp(r.competitors() / 5.0));
        return new RiskScore(market, liquidity, execution, clamp(0.3 * market + 0.4 * liquidity + 0.3 * execution));
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 1 : Math.max(0, Math.min(1, v));
    }
}
