package io.chainwatch.risk;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The risk manager's whole state at one moment: what is persisted and restored on restart. Immutable.
 *
 * @param day               the UTC day {@code lossToday} counts
 * @param lossToday         realized losses this day (positive)
 * @param equity            the portfolio's value now
 * @param peakEquity        the highest it has been
 * @param startEquity       what it was when the account started (emergency stop loss counts from it)
 * @param consecutiveLosses losing trades in a row
 * @param state             what trading may do
 * @param stopReasons       why trading is halted or reducing, newest last; empty when active
 * @param manualStop        the halt is an emergency stop (manual or automatic) that a reset must end, unless auto-resume
 * @param haltedUntil       a pause ends at this time by itself; null for none
 * @param stoppedAt         when the emergency stop began; null for none
 * @param open              trades approved and not yet settled: their reserved notional and worst case
 * @param history           the realized profit and loss of recent trades, oldest first
 */
public record RiskSnapshot(LocalDate day, BigDecimal lossToday, BigDecimal equity, BigDecimal peakEquity, BigDecimal startEquity,
                           int consecutiveLosses, TradingState state, List<String> stopReasons, boolean manualStop, Instant haltedUntil,
                           Instant stoppedAt, Map<String, Reservation> open, List<BigDecimal> history) {
    public RiskSnapshot {
        stopReasons = List.copyOf(stopReasons);
        open = Map.copyOf(open);
        history = List.copyOf(history);
    }

    /** A trade approved and not yet settled. */
    public record Reservation(String strategy, BigDecimal notional, BigDecimal worstCaseLoss) {
    }
}
