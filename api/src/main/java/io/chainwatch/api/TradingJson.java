package io.chainwatch.api;

import io.chainwatch.core.Address;
import io.chainwatch.risk.Decision;
import io.chainwatch.risk.MonteCarlo;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskProjector;
import io.chainwatch.risk.RiskSnapshot;
import io.chainwatch.strategy.exec.Execution;
import io.chainwatch.strategy.exec.RouteSummary;
import io.chainwatch.strategy.exec.TradeJournal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON of the trading routes. Amounts are exact: token and wei amounts are whole JSON numbers
 * (never doubles), dollar amounts decimal JSON numbers written in full (no exponent); shares,
 * probabilities and scores are doubles. Addresses are 0x hex.
 */
final class TradingJson {
    private static final MathContext MC = MathContext.DECIMAL64;

    private TradingJson() {
    }

    static Map<String, Object> opportunity(TradeJournal.OpportunityRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", r.at());
        m.put("outcome", r.skipped() != null ? "skipped" : r.decision().approved() ? "approved" : "rejected");
        m.put("route", r.route() == null ? null : route(r.route()));
        m.put("decision", r.decision() == null ? null : decision(r.decision()));
        m.put("skipped", r.skipped());
        return m;
    }

    static Map<String, Object> trade(TradeJournal.TradeRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", t.requestId());
        m.put("status", t.status());
        m.put("startedAt", t.startedAt());
        m.put("completedAt", t.completedAt());
        m.put("route", route(t.route()));
        m.put("decision", decision(t.decision()));
        m.put("execution", t.execution() == null ? null : execution(t.execution()));
        m.put("realizedUsd", t.realizedUsd());
        m.put("error", t.error());
        return m;
    }

    private static Map<String, Object> route(RouteSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pools", hex(r.pools()));
        m.put("tokens", hex(r.tokens()));
        m.put("amountIn", r.amountIn());
        m.put("amountOut", r.amountOut());
        m.put("profit", r.profit());
        m.put("gasCostWei", r.gasCostWei());
        m.put("gasCost", r.gasCost());
        m.put("netProfit", r.netProfit());
        m.put("netUsd", r.netUsd());
        m.put("blockNumber", r.blockNumber());
        return m;
    }

    private static List<String> hex(List<Address> addresses) {
        return addresses.stream().map(Address::hex).toList();
    }

    private static Map<String, Object> decision(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", d.requestId());
        m.put("approved", d.approved());
        m.put("reason", d.reason());
        m.put("size", d.size());
        m.put("maxSize", d.maxSize());
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("market", d.score().market());
        score.put("liquidity", d.score().liquidity());
        score.put("execution", d.score().execution());
        score.put("total", d.score().total());
        m.put("score", score);
        m.put("state", d.state());
        m.put("at", d.at());
        return m;
    }

    private static Map<String, Object> execution(Execution x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filled", x.filled());
        m.put("amountIn", x.amountIn());
        m.put("amountOut", x.amountOut());
        m.put("gasCostWei", x.gasCostWei());
        m.put("gasCost", x.gasCost());
        m.put("realizedProfit", x.realizedProfit());
        m.put("failure", x.failure());
        return m;
    }

    /**
     * The risk state: what trading may do and why, the configured and live limits, how much of each
     * limit is used and how far each is (negative: past it), and the last projection.
     */
    static Map<String, Object> risk(TradingView view, RiskSnapshot s, RiskLimits live, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", now);
        m.put("state", s.state()); // with its reasons from the same snapshot
        m.put("stopReasons", s.stopReasons());
        m.put("emergencyStop", s.manualStop());
        m.put("stoppedAt", s.stoppedAt());
        m.put("haltedUntil", s.haltedUntil());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("configured", limits(view.configured()));
        limits.put("live", limits(live));
        limits.put("tightened", !live.equals(view.configured()));
        m.put("limits", limits);

        Map<String, BigDecimal> openNotional = new TreeMap<>();
        live.strategyBudgets().keySet().forEach(name -> openNotional.put(name, BigDecimal.ZERO));
        BigDecimal openWorstCase = BigDecimal.ZERO;
        for (RiskSnapshot.Reservation r : s.open().values()) {
            openNotional.merge(r.strategy(), r.notional(), BigDecimal::add);
            openWorstCase = openWorstCase.add(r.worstCaseLoss());
        }
        double drawdown = s.peakEquity().signum() <= 0 ? 0 : s.peakEquity().subtract(s.equity()).divide(s.peakEquity(), MC).doubleValue();
        BigDecimal totalLoss = s.startEquity().subtract(s.equity());
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("day", s.day());
        usage.put("lossToday", s.lossToday());
        usage.put("openTrades", s.open().size());
        usage.put("openNotional", openNotional);
        usage.put("openWorstCase", openWorstCase);
        usage.put("equity", s.equity());
        usage.put("peakEquity", s.peakEquity());
        usage.put("startEquity", s.startEquity());
        usage.put("drawdown", drawdown);
        usage.put("consecutiveLosses", s.consecutiveLosses());
        usage.put("totalLoss", totalLoss);
        m.put("usage", usage);

        Map<String, BigDecimal> budgetsLeft = new TreeMap<>();
        live.strategyBudgets().forEach((name, budget) -> budgetsLeft.put(name, budget.subtract(openNotional.get(name))));
        Map<String, Object> distance = new LinkedHashMap<>();
        distance.put("dailyLoss", live.maxDailyLoss().subtract(s.lossToday()).subtract(openWorstCase));
        distance.put("drawdown", live.maxDrawdown() - drawdown);
        distance.put("emergencyStopLoss", live.emergencyStopLoss().subtract(totalLoss));
        distance.put("consecutiveLosses", live.maxConsecutiveLosses() - s.consecutiveLosses());
        distance.put("strategyBudgets", budgetsLeft);
        // Per-trade limits are not used up: the largest single trade they allow now.
        distance.put("largestTrade", live.maxTradeAmount().min(s.equity().multiply(BigDecimal.valueOf(live.maxPositionShare()), MC)));
        m.put("distance", distance);
        m.put("projection", projection(view));
        return m;
    }

    private static Map<String, Object> limits(RiskLimits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxDailyLoss", l.maxDailyLoss());
        m.put("maxTradeAmount", l.maxTradeAmount());
        m.put("maxPositionShare", l.maxPositionShare());
        m.put("maxDrawdown", l.maxDrawdown());
        m.put("emergencyStopLoss", l.emergencyStopLoss());
        m.put("maxConsecutiveLosses", l.maxConsecutiveLosses());
        m.put("cooldownMs", l.cooldown().toMillis());
        m.put("autoResume", l.autoResume());
        m.put("strategyBudgets", new TreeMap<>(l.strategyBudgets()));
        return m;
    }

    private static Map<String, Object> projection(TradingView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (view.projector().isEmpty()) {
            m.put("status", "NOT_CONFIGURED");
            m.put("reason", "no risk.projection section in the configuration: nothing is projected, the live limits are the configured ones");
            return m;
        }
        RiskProjector projector = view.projector().get();
        Optional<RiskProjector.Result> last = projector.last();
        if (last.isEmpty()) {
            m.put("status", "NOT_RUN_YET");
            m.put("reason", "the projection has not run yet");
            return m;
        }
        m.put("at", last.get().at());
        m.put("trades", last.get().trades());
        switch (last.get()) {
            case RiskProjector.NotProjected n -> {
                m.put("status", "NOT_PROJECTED");
                m.put("reason", n.reason());
            }
            case RiskProjector.Projected p -> {
                MonteCarlo.Projection x = p.projection();
                m.put("status", "PROJECTED");
                m.put("paths", x.paths());
                m.put("horizon", x.horizon());
                m.put("return", percentiles(x.returnP5(), x.returnP50(), x.returnP95()));
                m.put("drawdown", percentiles(x.drawdownP5(), x.drawdownP50(), x.drawdownP95()));
                m.put("probDailyLoss", x.probDailyLoss());
                m.put("probDrawdown", x.probDrawdown());
                m.put("probLimit", x.probLimit());
                m.put("threshold", p.threshold());
                m.put("tightenFactor", projector.settings().tightenFactor());
                m.put("tightened", p.tightened());
            }
        }
        return m;
    }

    private static Map<String, Object> percentiles(double p5, double p50, double p95) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p5", p5);
        m.put("p50", p50);
        m.put("p95", p95);
        return m;
    }
}
