package io.chainwatch.market.pump;

import static io.chainwatch.market.pump.UnsignedMath.addExact;
import static io.chainwatch.market.pump.UnsignedMath.mulDivCeil;
import static io.chainwatch.market.pump.UnsignedMath.mulDivFloor;
import static io.chainwatch.market.pump.UnsignedMath.subtractExact;

/**
 * pump's bonding-curve trade math, exact in u64 with the program's rounding. Stateless and thread-safe.
 *
 * <p>Formulas, from the pump IDL's documentation of {@code buy_exact_sol_in} and pump's SDK
 * ({@code @pump-fun/pump-sdk} 2.0.0), with {@code vT}/{@code vS} the virtual token and SOL reserves:
 * <ul>
 *   <li>a fee is {@code ceil(solAmount * bps / 10_000)}, protocol and creator fee each on its own, and
 *       both on the curve's side of the trade ({@code sol_amount});</li>
 *   <li>{@code buy} (exact tokens): {@code sol = floor(tokens * vS / (vT - tokens)) + 1}, tokens capped at
 *       the real token reserves; the user pays {@code sol} plus fees;</li>
 *   <li>{@code buy_exact_sol_in}: {@code net = floor(spendable * 10_000 / (10_000 + totalBps))}, lowered by
 *       any excess of {@code net} plus its fees over {@code spendable}; then
 *       {@code tokens = floor((net - 1) * vT / (vS + net - 1))};</li>
 *   <li>{@code sell}: {@code sol = floor(tokens * vS / (vT + tokens))}; the user receives {@code sol} less fees.</li>
 * </ul>
 * The real buy in the fixtures (sol_amount 50,051,224, fee 475,487, creator_fee 150,154) is reproduced by
 * {@link #buyExactTokens} to the lamport (CurveMathTest).
 */
public final class CurveMath {
    private static final long BPS = FeeRates.BPS_DENOMINATOR;

    private CurveMath() {
    }

    /** {@code ceil(lamports * bps / 10_000)}: the program rounds fees up. */
    public static long fee(long lamports, int bps) {
        return mulDivCeil(lamports, bps, BPS);
    }

    /**
     * The {@code buy} instruction: {@code tokens} out (capped at the real token reserves), and the lamports
     * that costs. {@link TradeQuote#userLamports()} is the SOL needed for that token amount.
     *
     * @throws ArithmeticException when the curve cannot price it (virtual token reserves not above the amount)
     */
    public static TradeQuote buyExactTokens(CurveReserves r, long tokens, FeeRates fees) {
        long amount = UnsignedMath.min(tokens, r.realTokenReserves());
        if (amount == 0) {
            return new TradeQuote(TradeSide.BUY, 0, 0, 0, 0);
        }
        long sol = addExact(mulDivFloor(amount, r.virtualSolReserves(), subtractPositive(r.virtualTokenReserves(), amount)), 1);
        return new TradeQuote(TradeSide.BUY, amount, sol, fee(sol, fees.protocolFeeBps()), fee(sol, fees.creatorFeeBps()));
    }

    /**
     * The {@code buy_exact_sol_in} instruction: the tokens a budget of {@code spendableLamports} (fees
     * included) buys. Its {@code solAmountLamports} is the budget's net part, on which the fees are due.
     * Tokens are capped at the real token reserves; what the program charges for a budget larger than the
     * rest of the curve is not documented, so such a quote keeps the net amount of the budget.
     */
    public static TradeQuote buyExactSolIn(CurveReserves r, long spendableLamports, FeeRates fees) {
        long net = mulDivFloor(spendableLamports, BPS, BPS + fees.totalBps());
        long withFees = addExact(addExact(net, fee(net, fees.protocolFeeBps())), fee(net, fees.creatorFeeBps()));
        if (Long.compareUnsigned(withFees, spendableLamports) > 0) {
            net -= withFees - spendableLamports;
        }
        if (Long.compareUnsigned(net, 1) <= 0) {
            return new TradeQuote(TradeSide.BUY, 0, 0, 0, 0);
        }
        long tokens = mulDivFloor(net - 1, r.virtualTokenReserves(), addExact(r.virtualSolReserves(), net - 1));
        tokens = UnsignedMath.min(tokens, r.realTokenReserves());
        return new TradeQuote(TradeSide.BUY, tokens, net, fee(net, fees.protocolFeeBps()), fee(net, fees.creatorFeeBps()));
    }

    /** The {@code sell} instruction: lamports out of the curve for {@code tokens} in, and the fees due on them. */
    public static TradeQuote sell(CurveReserves r, long tokens, FeeRates fees) {
        if (tokens == 0) {
            return new TradeQuote(TradeSide.SELL, 0, 0, 0, 0);
        }
        long sol = mulDivFloor(tokens, r.virtualSolReserves(), addExact(r.virtualTokenReserves(), tokens));
        return new TradeQuote(TradeSide.SELL, tokens, sol, fee(sol, fees.protocolFeeBps()), fee(sol, fees.creatorFeeBps()));
    }

    /** The reserves after {@code quote} executes: tokens and the curve's lamports move, fees go elsewhere. */
    public static CurveReserves reservesAfter(CurveReserves r, TradeQuote quote, long slot) {
        long t = quote.tokenAmount();
        long sol = quote.solAmountLamports();
        return quote.side() == TradeSide.BUY
                ? new CurveReserves(subtractExact(r.virtualTokenReserves(), t), addExact(r.virtualSolReserves(), sol),
                subtractExact(r.realTokenReserves(), t), addExact(r.realSolReserves(), sol), r.tokenTotalSupply(), slot)
                : new CurveReserves(addExact(r.virtualTokenReserves(), t), subtractExact(r.virtualSolReserves(), sol),
                addExact(r.realTokenReserves(), t), subtractExact(r.realSolReserves(), sol), r.tokenTotalSupply(), slot);
    }

    private static long subtractPositive(long a, long b) {
        if (Long.compareUnsigned(a, b) <= 0) {
            throw new ArithmeticException("virtual token reserves " + Long.toUnsignedString(a) + " cannot price "
                    + Long.toUnsignedString(b) + " tokens");
        }
        return a - b;
    }
}
