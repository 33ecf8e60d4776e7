package io.chainwatch.risk;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Projects the trade history forward by resampling it (bootstrap): {@code paths} futures of
 * {@code horizon} trades, each drawn with replacement from the realized profits and losses. Reports
 * the 5th, 50th and 95th percentile of the return and of the maximum drawdown over the horizon, and
 * the share of paths that reach the daily loss limit or the drawdown limit.
 */
public final class MonteCarlo {
    /** What the projection found; returns and drawdowns as shares of the equity at the start. */
    public record Projection(int paths, int horizon, double returnP5, double returnP50, double returnP95, double drawdownP5,
                             double drawdownP50, double drawdownP95, double probDailyLoss, double probDrawdown) {
        /** The larger of the two probabilities of hitting a loss limit. */
        public double probLimit() {
            return Math.max(probDailyLoss, probDrawdown);
        }
    }

    private MonteCarlo() {
    }

    /**
     * @param random the source of the resampling (seeded in tests and backtests)
     * @throws IllegalArgumentException for an empty history or non-positive sizes
     */
    public static Projection project(List<BigDecimal> history, BigDecimal equity, RiskLimits limits, int paths, int horizon,
                                     RandomGenerator random) {
        if (history.isEmpty() || paths < 1 || horizon < 1 || equity.signum() <= 0) {
            throw new IllegalArgumentException("need a trade history, paths and horizon >= 1 and equity > 0");
        }
        double[] pnl = history.stream().mapToDouble(BigDecimal::doubleValue).toArray();
        double start = equity.doubleValue();
        double dailyLimit = limits.maxDailyLoss().doubleValue();
        double[] returns = new double[paths];
        double[] drawdowns = new double[paths];
        int hitDaily = 0;
        int hitDrawdown = 0;
        for (int p = 0; p < paths; p++) {
            double e = start;
            double peak = start;
            double worst = 0;
            double lossSum = 0;
            for (int t = 0; t < horizon; t++) {
                double x = pnl[random.nextInt(pnl.length)];
                e += x;
                if (x < 0) {
                    lossSum -= x;
                }
                peak = Math.max(peak, e);
                worst = Math.max(worst, (peak - e) / peak);
            }
            returns[p] = (e - start) / start;
            drawdowns[p] = worst;
            // The horizon stands for a day of trading: its summed losses against the daily limit.
            if (lossSum >= dailyLimit) {
                hitDaily++;
            }
            if (worst >= limits.maxDrawdown()) {
                hitDrawdown++;
            }
        }
        Arrays.sort(returns);
        Arrays.sort(drawdowns);
        return new Projection(paths, horizon, pct(returns, 5), pct(returns, 50), pct(returns, 95), pct(drawdowns, 5), pct(drawdowns, 50),
                pct(drawdowns, 95), hitDaily / (double) paths, hitDrawdown / (double) paths);
    }

    /**
     * The limits to run with after {@code projection}: as they are when the chance of reaching a loss
     * limit is at most {@code threshold}, else tightened by {@code factor}.
     */
    public static RiskLimits tighten(RiskLimits configured, Projection projection, double threshold, double factor) {
        return projection.probLimit() > threshold ? configured.tightened(factor) : configured;
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
