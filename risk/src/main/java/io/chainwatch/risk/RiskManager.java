package io.chainwatch.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Holds trading to every limit of {@link RiskLimits}. Each request gets a {@link Decision}: approved
 * (and its notional and worst case reserved until it is settled or cancelled, so that trades
 * decided at the same time cannot together pass a limit) or rejected with the limit it would break.
 *
 * <p>States: ACTIVE; REDUCING when the day's losses reach the daily limit (only risk-reducing trades,
 * until the UTC day turns); HALTED for a pause of {@code cooldown} after {@code maxConsecutiveLosses}
 * losses in a row, or by an emergency stop (manual, or automatic when the drawdown or the total loss
 * reaches its limit), which records its reasons and ends only by {@link #reset}, or after the
 * cooldown when {@code autoResume} is configured. Every change of state, and every decision, goes to
 * the listener (the audit trail) with what it was made from.
 *
 * <p>Thread-safe: every method holds the manager's lock, so a decision sees every reservation before it.
 */
public final class RiskManager {
    private static final MathContext MC = MathContext.DECIMAL64;
    /** Most recent trades the history keeps (what sizing and the projection read). */
    public static final int HISTORY = 10_000;

    /** Something the audit trail records: a decision, or a change of state with its reason. */
    public sealed interface RiskEvent {
        record Decided(TradeRequest request, Decision decision, RiskSnapshot before) implements RiskEvent {
        }

        record StateChanged(TradingState from, TradingState to, String reason, Instant at, RiskSnapshot after) implements RiskEvent {
        }

        record Settled(String requestId, BigDecimal pnl, RiskSnapshot after) implements RiskEvent {
        }

        record LimitsChanged(RiskLimits from, RiskLimits to, String reason, Instant at) implements RiskEvent {
        }
    }

    private final InstantSource clock;
    private final Consumer<RiskEvent> audit;
    private RiskLimits limits;
    private LocalDate day;
    private BigDecimal lossToday;
    private BigDecimal equity;
    private BigDecimal peakEquity;
    private final BigDecimal startEquity;
    private int consecutiveLosses;
    private TradingState state;
    private final List<String> stopReasons = new ArrayList<>();
    private boolean emergency;
    private Instant haltedUntil;
    private Instant stoppedAt;
    private final Map<String, RiskSnapshot.Reservation> open = new HashMap<>();
    private final List<BigDecimal> history = new ArrayList<>();
    /** {@link #history} summed up, kept with it, so that sizing by the edge costs no walk over it. */
    private KellySizer.Edge edge = KellySizer.Edge.NONE;

    /** A manager from the persisted {@code restored} state, or a fresh one at {@code startEquity} when there is none. */
    public RiskManager(RiskLimits limits, BigDecimal startEquity, RiskSnapshot restored, InstantSource clock, Consumer<RiskEvent> audit) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = clock;
        this.audit = audit;
        if (restored == null) {
            if (startEquity.signum() <= 0) {
                throw new IllegalArgumentException("startEquity: must be > 0, got " + startEquity);
            }
            this.day = today();
            this.lossToday = BigDecimal.ZERO;
            this.equity = startEquity;
            this.peakEquity = startEquity;
            this.startEquity = startEquity;
            this.state = TradingState.ACTIVE;
        } else {
            this.day = restored.day();
            this.lossToday = restored.lossToday();
            this.equity = restored.equity();
            this.peakEquity = restored.peakEquity();
            this.startEquity = restored.startEquity();
            this.consecutiveLosses = restored.consecutiveLosses();
            this.state = restored.state();
            this.stopReasons.addAll(restored.stopReasons());
            this.emergency = restored.manualStop();
            this.haltedUntil = restored.haltedUntil();
            this.stoppedAt = restored.stoppedAt();
            this.open.putAll(restored.open());
            this.history.addAll(restored.history());
            this.edge = KellySizer.Edge.of(history);
        }
    }

    /** Decides {@code r} against every limit as things stand; an approval reserves its notional and worst case. */
    public synchronized Decision decide(TradeRequest r) {
        refresh();
        RiskSnapshot before = auditSnapshot();
        Decision d = check(r);
        if (d.approved()) {
            open.put(r.id(), new RiskSnapshot.Reservation(r.strategy(), r.notional(), r.worstCaseLoss()));
        }
        audit.accept(new RiskEvent.Decided(r, d, before));
        return d;
    }

    private Decision check(TradeRequest r) {
        RiskScore score = RiskScore.of(r);
        if (open.containsKey(r.id())) {
            return reject(r, "request " + r.id() + " was decided already", BigDecimal.ZERO, score);
        }
        if (state == TradingState.HALTED) {
            return reject(r, "trading is halted: " + String.join("; ", stopReasons), BigDecimal.ZERO, score);
        }
        if (state == TradingState.REDUCING && !r.reducesRisk()) {
            return reject(r, "only risk-reducing trades: " + String.join("; ", stopReasons), BigDecimal.ZERO, score);
        }
        BigDecimal budget = limits.strategyBudgets().get(r.strategy());
        if (budget == null) {
            return reject(r, "strategy " + r.strategy() + " has no budget", BigDecimal.ZERO, score);
        }
        // The largest notional each limit allows, and which is the tightest (named only when it rejects: most trades pass).
        BigDecimal maxSize = limits.maxTradeAmount();
        Binding binding = Binding.TRADE_AMOUNT;
        BigDecimal byShare = equity.multiply(BigDecimal.valueOf(limits.maxPositionShare()), MC);
        if (byShare.compareTo(maxSize) < 0) {
            maxSize = byShare;
            binding = Binding.POSITION_SIZE;
        }
        BigDecimal budgetLeft = budget.subtract(openNotional(r.strategy()));
        if (budgetLeft.compareTo(maxSize) < 0) {
            maxSize = budgetLeft;
            binding = Binding.BUDGET;
        }
        BigDecimal lossRoom = limits.maxDailyLoss().subtract(lossToday).subtract(openWorstCase());
        if (r.worstCaseLoss().signum() > 0 && !r.reducesRisk()) {
            // A trade that closes risk is what a day over its loss needs. The worst case grows with the size: the notional at which it would just fill the room left.
            BigDecimal byLoss = lossRoom.signum() <= 0 ? BigDecimal.ZERO
                    : r.notional().multiply(lossRoom, MC).divide(r.worstCaseLoss(), MC);
            if (byLoss.compareTo(maxSize) < 0) {
                maxSize = byLoss;
                binding = Binding.DAILY_LOSS;
            }
        }
        maxSize = maxSize.max(BigDecimal.ZERO).setScale(6, RoundingMode.DOWN);
        if (r.notional().compareTo(maxSize) > 0) {
            return reject(r, "would break the " + describe(binding, r.strategy(), budget, byShare, budgetLeft) + ": asked "
                    + r.notional().toPlainString(), maxSize, score);
        }
        return new Decision(r.id(), true, "within every limit", r.notional(), maxSize, score, state, clock.instant());
    }

    /** The limit that bounds a trade's size most tightly. */
    private enum Binding {
        TRADE_AMOUNT, POSITION_SIZE, BUDGET, DAILY_LOSS
    }

    private String describe(Binding binding, String strategy, BigDecimal budget, BigDecimal byShare, BigDecimal budgetLeft) {
        return switch (binding) {
            case TRADE_AMOUNT -> "max trade amount " + limits.maxTradeAmount().toPlainString();
            case POSITION_SIZE -> "max position size " + pct(limits.maxPositionShare()) + " of the portfolio (" + byShare.toPlainString() + ")";
            case BUDGET -> "strategy " + strategy + "'s budget " + budget.toPlainString() + " (" + budgetLeft.toPlainString() + " left)";
            case DAILY_LOSS -> "max daily loss " + limits.maxDailyLoss().toPlainString() + " (" + lossToday.toPlainString() + " lost today, "
                    + openWorstCase().toPlainString() + " at risk in open trades)";
        };
    }

    private Decision reject(TradeRequest r, String reason, BigDecimal maxSize, RiskScore score) {
        return new Decision(r.id(), false, reason, BigDecimal.ZERO, maxSize, score, state, clock.instant());
    }

    /** A trade approved before is done: its realized profit or loss moves the equity, the day's loss and the streak. */
    public synchronized void settle(String requestId, BigDecimal pnl) {
        refresh();
        if (open.remove(requestId) == null) {
            throw new IllegalArgumentException("no open trade " + requestId + " to settle");
        }
        equity = equity.add(pnl);
        peakEquity = peakEquity.max(equity);
        history.add(pnl);
        edge = edge.plus(pnl);
        if (history.size() > HISTORY) {
            edge = edge.minus(history.removeFirst());
        }
        if (pnl.signum() < 0) {
            lossToday = lossToday.add(pnl.negate());
            consecutiveLosses++;
        } else {
            consecutiveLosses = 0;
        }
        audit.accept(new RiskEvent.Settled(requestId, pnl, auditSnapshot()));
        BigDecimal totalLoss = startEquity.subtract(equity);
        double drawdown = peakEquity.signum() == 0 ? 0 : peakEquity.subtract(equity).divide(peakEquity, MC).doubleValue();
        if (totalLoss.compareTo(limits.emergencyStopLoss()) >= 0) {
            stop("emergency stop loss: lost " + totalLoss.toPlainString() + " since the start, limit " + limits.emergencyStopLoss().toPlainString());
        } else if (drawdown >= limits.maxDrawdown()) {
            stop("max drawdown: " + pct(drawdown) + " below the peak " + peakEquity.toPlainString() + ", limit " + pct(limits.maxDrawdown()));
        } else if (consecutiveLosses >= limits.maxConsecutiveLosses() && state != TradingState.HALTED) {
            haltedUntil = clock.instant().plus(limits.cooldown());
            move(TradingState.HALTED, consecutiveLosses + " losses in a row (limit " + limits.maxConsecutiveLosses() + "): paused until "
                    + haltedUntil);
        } else if (lossToday.compareTo(limits.maxDailyLoss()) >= 0 && state == TradingState.ACTIVE) {
            move(TradingState.REDUCING, "max daily loss: lost " + lossToday.toPlainString() + " today, limit "
                    + limits.maxDailyLoss().toPlainString());
        }
    }

    /** An approved trade that will not be made: its reservation is released. */
    public synchronized void cancel(String requestId) {
        open.remove(requestId);
    }

    /** Stops all trading now, for {@code reason} (a person's, through the API). */
    public synchronized void emergencyStop(String reason) {
        stop("manual: " + reason);
    }

    /**
     * Ends an emergency stop or pause (a person's decision, through the API); returns false when
     * trading was active already. The day's loss stays: a reset does not forgive it.
     */
    public synchronized boolean reset(String by) {
        refresh();
        if (state == TradingState.ACTIVE) {
            return false;
        }
        emergency = false;
        haltedUntil = null;
        stoppedAt = null;
        consecutiveLosses = 0;
        boolean overDaily = lossToday.compareTo(limits.maxDailyLoss()) >= 0;
        stopReasons.clear();
        if (overDaily) {
            move(TradingState.REDUCING, "reset by " + by + "; still over the max daily loss today");
        } else {
            move(TradingState.ACTIVE, "reset by " + by);
        }
        return true;
    }

    /** Replaces the limits (a projection tightened them, or a person changed them); open trades stay. */
    public synchronized void limits(RiskLimits newLimits) {
        limits(newLimits, "set");
    }

    /** Replaces the limits for {@code reason}; a change (not the same limits again) goes to the audit trail. */
    public synchronized void limits(RiskLimits newLimits, String reason) {
        RiskLimits before = this.limits;
        this.limits = Objects.requireNonNull(newLimits, "limits");
        if (!before.equals(newLimits)) {
            audit.accept(new RiskEvent.LimitsChanged(before, newLimits, reason, clock.instant()));
        }
    }

    public synchronized RiskLimits limits() {
        return limits;
    }

    /** The notional {@code sizer} gives the measured edge of the trade history at the equity now, before any limit. */
    public synchronized BigDecimal sizeByEdge(KellySizer sizer) {
        return sizer.size(edge, equity, equity);
    }

    /** The whole state, the trade history included: what is persisted. */
    public synchronized RiskSnapshot snapshot() {
        return new RiskSnapshot(day, lossToday, equity, peakEquity, startEquity, consecutiveLosses, state, stopReasons, emergency, haltedUntil,
                stoppedAt, open, history);
    }

    /** The state an audit record carries: all but the trade history, which the trail has trade by trade already. */
    private RiskSnapshot auditSnapshot() {
        return new RiskSnapshot(day, lossToday, equity, peakEquity, startEquity, consecutiveLosses, state, stopReasons, emergency, haltedUntil,
                stoppedAt, open, List.of());
    }

    /** The state now, after what time alone changes (a new day, a pause or a stop's cooldown ending). */
    public synchronized TradingState state() {
        refresh();
        return state;
    }

    private void stop(String reason) {
        emergency = true;
        if (stoppedAt == null) {
            stoppedAt = clock.instant();
        }
        haltedUntil = limits.autoResume() ? clock.instant().plus(limits.cooldown()) : null;
        move(TradingState.HALTED, "emergency stop, " + reason);
    }

    private void move(TradingState to, String reason) {
        TradingState from = state;
        state = to;
        if (to == TradingState.ACTIVE) {
            stopReasons.clear();
        } else {
            stopReasons.add(reason);
        }
        audit.accept(new RiskEvent.StateChanged(from, to, reason, clock.instant(), auditSnapshot()));
    }

    /** What time alone changes: the day turns (its loss starts again), a pause or an auto-resuming stop ends. */
    private void refresh() {
        Instant now = clock.instant();
        LocalDate d = now.atOffset(ZoneOffset.UTC).toLocalDate();
        if (!d.equals(day)) {
            day = d;
            lossToday = BigDecimal.ZERO;
            if (state == TradingState.REDUCING) {
                move(TradingState.ACTIVE, "a new day: the daily loss starts again");
            }
        }
        if (state == TradingState.HALTED && haltedUntil != null && !now.isBefore(haltedUntil)) {
            boolean wasEmergency = emergency;
            emergency = false;
            haltedUntil = null;
            stoppedAt = null;
            consecutiveLosses = 0;
            move(TradingState.ACTIVE, wasEmergency ? "emergency stop ended by auto-resume after the cooldown" : "pause over");
        }
    }

    private BigDecimal openNotional(String strategy) {
        BigDecimal sum = BigDecimal.ZERO;
        for (RiskSnapshot.Reservation r : open.values()) {
            if (r.strategy().equals(strategy)) {
                sum = sum.add(r.notional());
            }
        }
        return sum;
    }

    private BigDecimal openWorstCase() {
        BigDecimal sum = BigDecimal.ZERO;
        for (RiskSnapshot.Reservation r : open.values()) {
            sum = sum.add(r.worstCaseLoss());
        }
        return sum;
    }

    private LocalDate today() {
        return clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static String pct(double share) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", share * 100);
    }
}
