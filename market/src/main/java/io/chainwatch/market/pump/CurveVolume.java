package io.chainwatch.market.pump;

/** What a curve has traded since chainwatch first saw it: lamports ({@code sol_amount}, before fees) and counts per side. */
public record CurveVolume(long buyLamports, long sellLamports, int buys, int sells) {
    public long totalLamports() {
        return buyLamports + sellLamports;
    }

    public long trades() {
        return (long) buys + sells;
    }
}
