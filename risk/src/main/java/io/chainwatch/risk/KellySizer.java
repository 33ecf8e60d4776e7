package io.chainwatch.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Sizes trades from the measured edge: the Kelly fraction {@code p - (1 - p) / b} of the trade
 * history (p the share of winning trades, b the average win over the average loss), times a
 * fraction (a quarter, say: full Kelly is too bold for an estimated edge), of the equity; capped
 * by the risk manager's max size, which holds every limit. Too short a history, or no edge, sizes
 * at {@code floorShare} of the equity (probing), never at nothing and never above the cap.
 */
public final class KellySizer {
    private static final MathContext MC = MathContext.DECIMAL64;

    private final double fraction;
    private final int minTrades;
    private final double floorShare;

    /**
     * @param fraction   the share of full Kelly to bet (0 to 1)
     * @param minTrades  trades the history needs before its edge is trusted
     * @param floorShare the share of equity a trade gets without a trusted edge
     */
    public KellySizer(double fraction, int minTrades, double floorShare) {
        if (!(fraction > 0 && fraction <= 1) || minTrades < 1 || !(floorShare > 0 && floorShare <= 1)) {
            throw new IllegalArgumentException("fraction and floorShare in (0, 1], minTrades >= 1; got " + fraction + ", " + minTrades
                    + ", " + floorShare);
        }
        this.fraction = fraction;
        this.minTrades = minTrades;
        this.floorShare = floorShare;
    }

    /**
     * A trade history summed up: how many trades won and lost, and by how much in all (losses
     * positive). What Kelly needs, kept up to date trade by trade by the risk manager.
     */
    public record Edge(int trades, int wins, BigDecimal won, int losses, BigDecimal lost) {
        public static final Edge NONE = new Edge(0, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO);

        public static Edge of(List<BigDecimal> history) {
            Edge e = NONE;
            for (BigDecimal pnl : history) {
                e = e.plus(pnl);
            }
            return e;
        }

        /** With one more trade of {@code pnl}. */
        public Edge plus(BigDecimal pnl) {
            return pnl.signum() > 0 ? new Edge(trades + 1, wins + 1, won.add(pnl), losses, lost)
                    : pnl.signum() < 0 ? new Edge(trades + 1, wins, won, losses + 1, lost.add(pnl.negate()))
                    : new Edge(trades + 1, wins, won, losses, lost);
        }

        /** Without a trade of {@code pnl} that it counted (the oldest, leaving the window). */
        public Edge minus(BigDecimal pnl) {
            return pnl.signum() > 0 ? new Edge(trades - 1, wins - 1, won.subtract(pnl), losses, lost)
                    : pnl.signum() < 0 ? new Edge(trades - 1, wins, won, losses - 1, lost.add(pnl))
                    : new Edge(trades - 1, wins, won, losses, lost);
        }
    }

    /** The full Kelly fraction of {@code history}'s profits and losses; 0 without an edge or a loss to measure against. */
    public static double kelly(List<BigDecimal> history) {
        return kelly(Edge.of(history));
    }

    /** The full Kelly fraction of a summed-up history. */
    public static double kelly(Edge edge) {
        int wins = edge.wins();
        int losses = edge.losses();
        BigDecimal won = edge.won();
        BigDecimal lost = edge.lost();
        if (wins == 0) {
            return 0;
        }
        if (losses == 0) {
            return 1;
        }
        double p = wins / (double) (wins + losses);
        double b = won.divide(BigDecimal.valueOf(wins), MC).divide(lost.divide(BigDecimal.valueOf(losses), MC), MC).doubleValue();
        return Math.max(0, p - (1 - p) / b);
    }

    /** The notional to trade with {@code equity}, capped at {@code maxSize}. */
    public BigDecimal size(List<BigDecimal> history, BigDecimal equity, BigDecimal maxSize) {
        return size(Edge.of(history), equity, maxSize);
    }

    /** The notional to trade with {@code equity} and the summed-up history {@code edge}, capped at {@code maxSize}. */
    public BigDecimal size(Edge edge, BigDecimal equity, BigDecimal maxSize) {
        double share = edge.trades() < minTrades ? floorShare : Math.max(floorShare, fraction * kelly(edge));
        // Six digits of the share: the edge is an estimate, and its last bits of binary noise are not money.
        BigDecimal wanted = equity.multiply(BigDecimal.valueOf(share).round(new MathContext(6)), MC);
        return wanted.min(maxSize).max(BigDecimal.ZERO);
    }
}
