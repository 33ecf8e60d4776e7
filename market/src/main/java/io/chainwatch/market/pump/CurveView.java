package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;

import java.util.Optional;

/**
 * One bonding curve as {@link CurveBook} knows it, for the API and strategies. Immutable; crosses
 * threads freely. Amounts are base units (tokens 6 decimals, lamports 9), u64 unsigned in a long.
 *
 * @param mint             the token's mint: the curve's key
 * @param creator          the coin's creator; the zero key when none is known (pump then charges no creator fee)
 * @param solQuoted        false for a curve quoted in another mint ({@code create_v2}): its "sol" amounts and
 *                         prices are then in that mint's base units
 * @param createdSlot      the CreateEvent's slot, or -1 when chainwatch did not see the creation
 * @param createdTimestamp the CreateEvent's Unix seconds, or -1
 * @param reserves         the latest reserves (event or account data, newest by slot wins), or null when none is known
 * @param price            from the virtual reserves; null without reserves or when they cannot price (migrated)
 * @param progress         to completion; null when neither reserves nor completion are known
 * @param lastTrade        null before the first trade chainwatch saw
 * @param feeRates         the rates of this curve's latest trade, or the book's default before one
 * @param feeRatesObserved true when {@code feeRates} come from this curve's own latest trade
 * @param pool             the PumpSwap pool it migrated to, or null
 * @param lastActivitySlot the slot of its latest event (account data is not activity), or -1 when none
 */
public record CurveView(PublicKey mint, CurveStatus status, PublicKey creator, boolean solQuoted, long createdSlot,
                        long createdTimestamp, CurveReserves reserves, CurvePrice price, CurveProgress progress,
                        LastTrade lastTrade, CurveVolume volume, FeeRates feeRates, boolean feeRatesObserved,
                        PublicKey pool, long lastActivitySlot) {

    /** True while the curve takes trades: not complete, and with reserves that price. */
    public boolean tradable() {
        return status.compareTo(CurveStatus.COMPLETE) < 0 && reserves != null && reserves.canPrice();
    }

    /** The rates pump would charge here now: {@link #feeRates()}, without the creator fee when there is no creator. */
    public FeeRates effectiveFeeRates() {
        return creator.isZero() ? feeRates.withoutCreatorFee() : feeRates;
    }

    /** Buying exactly {@code tokens} (pump's {@code buy}); {@link TradeQuote#userLamports()} is the SOL it needs. Empty when not {@link #tradable()}. */
    public Optional<TradeQuote> quoteBuyExactTokens(long tokens) {
        return tradable() ? Optional.of(CurveMath.buyExactTokens(reserves, tokens, effectiveFeeRates())) : Optional.empty();
    }

    /** Spending {@code lamports}, fees included (pump's {@code buy_exact_sol_in}). Empty when not {@link #tradable()}. */
    public Optional<TradeQuote> quoteBuyExactSolIn(long lamports) {
        return tradable() ? Optional.of(CurveMath.buyExactSolIn(reserves, lamports, effectiveFeeRates())) : Optional.empty();
    }

    /** Selling {@code tokens} (pump's {@code sell}). Empty when not {@link #tradable()}. */
    public Optional<TradeQuote> quoteSell(long tokens) {
        return tradable() ? Optional.of(CurveMath.sell(reserves, tokens, effectiveFeeRates())) : Optional.empty();
    }

    /** The view of {@code s}; progress starts from {@code initial}, which comes from {@code source}. */
    static CurveView of(CurveState s, FeeRates defaultRates, long initial, CurveProgress.Source source) {
        CurveReserves reserves = s.has(CurveState.RESERVES_KNOWN)
                ? new CurveReserves(s.virtualTokenReserves, s.virtualSolReserves, s.realTokenReserves, s.realSolReserves,
                s.tokenTotalSupply, s.reservesSlot)
                : null;
        CurveProgress progress = s.status.compareTo(CurveStatus.COMPLETE) >= 0 ? CurveProgress.complete(initial, source)
                : reserves == null ? null : CurveProgress.of(initial, source, reserves.realTokenReserves());
        LastTrade last = s.has(CurveState.HAS_TRADE)
                ? new LastTrade(s.lastSignature, s.lastSlot, s.lastTimestamp,
                s.has(CurveState.LAST_TRADE_SELL) ? TradeSide.SELL : TradeSide.BUY, s.lastSolLamports, s.lastTokenAmount)
                : null;
        boolean created = s.has(CurveState.CREATE_SEEN);
        boolean feesKnown = s.has(CurveState.FEES_KNOWN);
        return new CurveView(s.mint, s.status, s.creator, !s.has(CurveState.NOT_SOL_QUOTE),
                created ? s.createdSlot : -1, created ? s.createdTimestamp : -1,
                reserves, reserves == null ? null : CurvePrice.of(reserves), progress, last,
                new CurveVolume(s.buyLamports, s.sellLamports, s.buys, s.sells),
                feesKnown ? new FeeRates(s.protocolFeeBps, s.creatorFeeBps) : defaultRates, feesKnown,
                s.pool.isZero() ? null : s.pool, s.has(CurveState.HAS_ACTIVITY) ? s.lastActivitySlot : -1);
    }
}
