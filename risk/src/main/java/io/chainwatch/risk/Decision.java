package io.chainwatch.risk;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The risk manager's answer to a trade request: approved at {@code size} (at most the size asked),
 * or rejected with the reason (the limit it would break, or the state that forbids it).
 *
 * @param maxSize the largest notional the limits would allow for this trade now
 */
public record Decision(String requestId, boolean approved, String reason, BigDecimal size, BigDecimal maxSize, RiskScore score,
                       TradingState state, Instant at) {
}
