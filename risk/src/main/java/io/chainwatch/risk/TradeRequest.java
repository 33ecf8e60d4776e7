package io.chainwatch.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * A trade a strategy wants to make, with what the risk manager weighs.
 *
 * @param id             unique: a decision and its settlement are matched by it
 * @param notional       what the trade puts at risk, in the valuation currency
 * @param expectedProfit its expected profit after gas
 * @param worstCaseLoss  what it loses if everything goes wrong short of a bug (gas, slippage to the limit)
 * @param reducesRisk    it closes or shrinks an open position (allowed while REDUCING)
 * @param volatility     recent volatility of the prices it trades on (standard deviation of returns, e.g. 0.02)
 * @param priceImpact    its price impact at this size (share, e.g. 0.01)
 * @param slippage       the slippage it allows (share)
 * @param gasShare       gas cost as a share of the expected profit
 * @param stateAge       how old the pool state it saw is
 * @param competitors    others seen trading the same pools lately
 */
public record TradeRequest(String id, String strategy, BigDecimal notional, BigDecimal expectedProfit, BigDecimal worstCaseLoss,
                           boolean reducesRisk, double volatility, double priceImpact, double slippage, double gasShare, Duration stateAge,
                           int competitors) {
    public TradeRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(strategy, "strategy");
        if (notional.signum() <= 0) {
            throw new IllegalArgumentException("notional: must be > 0, got " + notional);
        }
        if (worstCaseLoss.signum() < 0) {
            throw new IllegalArgumentException("worstCaseLoss: must be >= 0, got " + worstCaseLoss);
        }
        Objects.requireNonNull(expectedProfit, "expectedProfit");
        Objects.requireNonNull(stateAge, "stateAge");
    }
}
