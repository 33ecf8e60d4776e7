package io.chainwatch.strategy.exec;

import io.chainwatch.risk.Decision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The newest opportunities and trades, in memory, for people to look at (the API): each opportunity
 * with what became of it (approved, rejected and why, or skipped and why), each trade from its
 * approval to its execution. Bounded: past its capacity the oldest entry goes (counted), so a
 * long run holds the same memory as a short one. What must outlive a restart is the risk state and
 * its audit trail, not this.
 *
 * <p>Thread-safe: the engine's thread records outcomes, the executor's threads complete trades and
 * the API's threads read; every method holds the journal's lock, briefly, and entries are immutable.
 */
public final class TradeJournal {
    /** What became of one opportunity; {@code route} null when none was looked at (the market state was incomplete). */
    public record OpportunityRecord(Instant at, RouteSummary route, Decision decision, String skipped) {
        public OpportunityRecord {
            Objects.requireNonNull(at, "at");
            if ((decision == null) == (skipped == null)) {
                throw new IllegalArgumentException("an opportunity is either decided or skipped, not both or neither");
            }
        }
    }

    /** Where a trade stands. */
    public enum TradeStatus {
        /** Approved and handed to the executor; no answer yet. */
        PENDING,
        /** Its swaps went through. */
        FILLED,
        /** It reverted or the chain refused it; gas was paid. */
        FAILED,
        /** The executor could not send it; nothing was spent and the risk reservation was released. */
        NOT_SENT
    }

    /**
     * One approved trade.
     *
     * @param execution   what the executor reported; null while pending or when not sent
     * @param realizedUsd the realized profit (negative: loss) in dollars; null until filled or failed, or when not priced
     * @param error       why it was not sent; null otherwise
     * @param completedAt when the executor answered; null while pending
     */
    public record TradeRecord(String requestId, Instant startedAt, RouteSummary route, Decision decision, Execution execution,
                              BigDecimal realizedUsd, String error, Instant completedAt) {
        public TradeRecord {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(decision, "decision");
        }

        public TradeStatus status() {
            if (error != null) {
                return TradeStatus.NOT_SENT;
            }
            if (execution == null) {
                return TradeStatus.PENDING;
            }
            return execution.filled() ? TradeStatus.FILLED : TradeStatus.FAILED;
        }
    }

    private final int opportunityCapacity;
    private final int tradeCapacity;
    private final ArrayDeque<OpportunityRecord> opportunities;
    /** By request id, oldest first; a completion replaces its entry in place (insertion order stays). */
    private final LinkedHashMap<String, TradeRecord> trades = new LinkedHashMap<>();
    private long opportunitiesRecorded;
    private long tradesRecorded;
    private long completionsOfEvicted;

    /**
     * @param opportunityCapacity the newest opportunities kept
     * @param tradeCapacity       the newest trades kept
     */
    public TradeJournal(int opportunityCapacity, int tradeCapacity) {
        if (opportunityCapacity < 1 || tradeCapacity < 1) {
            throw new IllegalArgumentException("capacities must be >= 1, got " + opportunityCapacity + " and " + tradeCapacity);
        }
        this.opportunityCapacity = opportunityCapacity;
        this.tradeCapacity = tradeCapacity;
        this.opportunities = new ArrayDeque<>(Math.min(opportunityCapacity, 4096));
    }

    public synchronized void opportunity(OpportunityRecord r) {
        Objects.requireNonNull(r, "record");
        opportunities.addFirst(r);
        if (opportunities.size() > opportunityCapacity) {
            opportunities.removeLast();
        }
        opportunitiesRecorded++;
    }

    /** A trade approved and handed to the executor. */
    public synchronized void tradeStarted(String requestId, Instant at, RouteSummary route, Decision decision) {
        TradeRecord r = new TradeRecord(requestId, at, route, decision, null, null, null, null);
        if (trades.putIfAbsent(requestId, r) != null) {
            throw new IllegalArgumentException("trade " + requestId + " is in the journal already");
        }
        if (trades.size() > tradeCapacity) {
            trades.pollFirstEntry();
        }
        tradesRecorded++;
    }

    /** The executor's answer for a trade: filled or failed, with {@code realizedUsd} when it could be priced. */
    public synchronized void tradeCompleted(String requestId, Instant at, Execution execution, BigDecimal realizedUsd) {
        Objects.requireNonNull(execution, "execution");
        complete(requestId, t -> new TradeRecord(t.requestId(), t.startedAt(), t.route(), t.decision(), execution, realizedUsd, null, at));
    }

    /** The executor could not send the trade: {@code error} says why. */
    public synchronized void tradeNotSent(String requestId, Instant at, String error) {
        Objects.requireNonNull(error, "error");
        complete(requestId, t -> new TradeRecord(t.requestId(), t.startedAt(), t.route(), t.decision(), null, null, error, at));
    }

    private void complete(String requestId, java.util.function.UnaryOperator<TradeRecord> done) {
        TradeRecord t = trades.get(requestId);
        if (t == null) {
            // Evicted while it ran (more trades started since than the journal keeps): the risk state still has it.
            completionsOfEvicted++;
            return;
        }
        trades.put(requestId, done.apply(t));
    }

    /** The newest {@code limit} opportunities, newest first. */
    public synchronized List<OpportunityRecord> opportunities(int limit) {
        checkLimit(limit);
        List<OpportunityRecord> out = new ArrayList<>(Math.min(limit, opportunities.size()));
        Iterator<OpportunityRecord> it = opportunities.iterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    /** The newest {@code limit} trades by when they started, newest first. */
    public synchronized List<TradeRecord> trades(int limit) {
        checkLimit(limit);
        List<TradeRecord> out = new ArrayList<>(Math.min(limit, trades.size()));
        Iterator<TradeRecord> it = trades.sequencedValues().reversed().iterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: must be >= 1, got " + limit);
        }
    }

    /** Every opportunity recorded since the start, those no longer kept included. */
    public synchronized long opportunitiesRecorded() {
        return opportunitiesRecorded;
    }

    /** Every trade recorded since the start, those no longer kept included. */
    public synchronized long tradesRecorded() {
        return tradesRecorded;
    }

    /** Completions that came for trades the journal had let go already. */
    public synchronized long completionsOfEvicted() {
        return completionsOfEvicted;
    }

    public int opportunityCapacity() {
        return opportunityCapacity;
    }

    public int tradeCapacity() {
        return tradeCapacity;
    }
}
