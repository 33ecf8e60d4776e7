package io.chainwatch.market.pump;

/**
 * How far a curve has gone to completion: the share of its initial real token reserves sold,
 * {@code (initial - realTokenReserves) / initial}, 0 to 1. A curve completes when its real token
 * reserves reach 0.
 *
 * @param fraction                 0 (nothing sold) to 1 (complete)
 * @param initialRealTokenReserves the starting point used, in token base units
 * @param source                   where that starting point comes from
 */
public record CurveProgress(double fraction, long initialRealTokenReserves, Source source) {
    /** Where the initial real token reserves come from, most exact first. */
    public enum Source {
        /** The curve's own CreateEvent ({@code real_token_reserves}; layouts from 2024 on carry it). */
        CREATE_EVENT,
        /** The pump Global account's {@code initial_real_token_reserves}, given to the book. */
        GLOBAL_ACCOUNT,
        /** The book's setting, mainnet's 793,100,000,000,000 in {@link CurveBook.Settings#MAINNET}: no Global known yet. */
        DEFAULT
    }

    static CurveProgress of(long initial, Source source, long realTokenReserves) {
        double fraction = initial == 0 ? 1.0
                : Math.clamp((unsigned(initial) - unsigned(realTokenReserves)) / unsigned(initial), 0.0, 1.0);
        return new CurveProgress(fraction, initial, source);
    }

    static CurveProgress complete(long initial, Source source) {
        return new CurveProgress(1.0, initial, source);
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : (value >>> 1) * 2.0;
    }
}
