package io.chainwatch.api;

import io.chainwatch.market.pump.CurvePrice;
import io.chainwatch.market.pump.CurveProgress;
import io.chainwatch.market.pump.CurveReserves;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.market.pump.LastTrade;
import io.chainwatch.market.pump.TradeQuote;
import io.chainwatch.market.pump.TradeSide;
import io.chainwatch.solana.PublicKey;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JSON of one pump.fun bonding curve, for /api/v1/solana/curves.
 *
 * <p>Amounts are exact integers in base units (lamports; token base units, 6 decimals), u64 values
 * written unsigned. Decimal values that must not lose digits ({@code solPerToken},
 * {@code marketCapSol}) are strings in plain notation. What chainwatch does not know is null: the
 * creation slot of a curve whose CreateEvent it did not see, reserves before any event with them, the
 * price of a migrated curve, a last trade before the first one, a pool before migration.
 *
 * <p>Every curve carries two quotes with pump's fee math, null when the curve no longer trades:
 * {@code buy1Sol}, what a budget of 1 SOL (fees included) buys ({@code buy_exact_sol_in}); and
 * {@code sell10MTokens}, what selling 10,000,000 whole tokens (1% of pump's standard supply of one
 * billion) gives. A quote is {@code {side, tokenAmount, solAmountLamports, protocolFeeLamports,
 * creatorFeeLamports, userLamports}}: the curve's side before fees, the fees, and what the user pays
 * (buy) or receives (sell) with fees. A sell so small that its rounded-up fees exceed it has a negative
 * {@code userLamports}: the program would refuse it. {@code fees} are the rates the quotes use: the
 * curve's latest trade's ({@code observed} true) or the book's default, without the creator fee when the
 * curve has no creator.
 */
final class CurveJson {
    /** The budget of the {@code buy1Sol} quote: 1 SOL, fees included. */
    static final long ONE_SOL_LAMPORTS = 1_000_000_000L;
    /** The amount of the {@code sell10MTokens} quote: 10,000,000 whole tokens of 6 decimals. */
    static final long TEN_MILLION_TOKENS = 10_000_000L * 1_000_000L;

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private CurveJson() {
    }

    static Map<String, Object> of(CurveView v) {
        return of(v, Map.of());
    }

    /** @param moreQuotes quotes asked for by name, added after the two standard ones */
    static Map<String, Object> of(CurveView v, Map<String, Supplier<Optional<TradeQuote>>> moreQuotes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mint", v.mint().toBase58());
        m.put("status", lower(v.status()));
        m.put("creator", key(v.creator()));
        m.put("solQuoted", v.solQuoted());
        m.put("createdSlot", knownOrNull(v.createdSlot()));
        m.put("createdTimestamp", knownOrNull(v.createdTimestamp()));
        m.put("lastActivitySlot", knownOrNull(v.lastActivitySlot()));
        m.put("reserves", reserves(v.reserves()));
        CurvePrice p = v.price();
        m.put("price", p == null ? null : price(p));
        m.put("marketCapSol", p == null ? null : p.marketCapSol().toPlainString());
        m.put("marketCapLamports", p == null ? null : u64(p.marketCapLamports()));
        m.put("progress", progress(v.progress()));
        m.put("lastTrade", lastTrade(v.lastTrade()));
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("buyLamports", u64(v.volume().buyLamports()));
        volume.put("sellLamports", u64(v.volume().sellLamports()));
        volume.put("buys", v.volume().buys());
        volume.put("sells", v.volume().sells());
        m.put("volume", volume);
        Map<String, Object> fees = new LinkedHashMap<>();
        fees.put("protocolBps", v.effectiveFeeRates().protocolFeeBps());
        fees.put("creatorBps", v.effectiveFeeRates().creatorFeeBps());
        fees.put("observed", v.feeRatesObserved());
        m.put("fees", fees);
        m.put("pool", key(v.pool()));
        Map<String, Object> quotes = new LinkedHashMap<>();
        quotes.put("buy1Sol", quote(() -> v.quoteBuyExactSolIn(ONE_SOL_LAMPORTS)));
        quotes.put("sell10MTokens", quote(() -> v.quoteSell(TEN_MILLION_TOKENS)));
        moreQuotes.forEach((name, q) -> quotes.put(name, quote(q)));
        m.put("quotes", quotes);
        return m;
    }

    /**
     * One quote: null when the curve does not trade; an {@code error} object when the curve's reserves
     * cannot price the amount (the math refuses rather than wraps around).
     */
    static Object quote(Supplier<Optional<TradeQuote>> quote) {
        Optional<TradeQuote> q;
        try {
            q = quote.get();
        } catch (ArithmeticException e) {
            return Map.of("error", "cannot quote this amount on this curve: " + e.getMessage());
        }
        if (q.isEmpty()) {
            return null;
        }
        TradeQuote t = q.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("side", lower(t.side()));
        m.put("tokenAmount", u64(t.tokenAmount()));
        m.put("solAmountLamports", u64(t.solAmountLamports()));
        m.put("protocolFeeLamports", u64(t.protocolFeeLamports()));
        m.put("creatorFeeLamports", u64(t.creatorFeeLamports()));
        m.put("userLamports", t.side() == TradeSide.BUY ? u64(t.userLamports()) : BigInteger.valueOf(t.userLamports()));
        return m;
    }

    private static Map<String, Object> reserves(CurveReserves r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("virtualTokenReserves", u64(r.virtualTokenReserves()));
        m.put("virtualSolReserves", u64(r.virtualSolReserves()));
        m.put("realTokenReserves", u64(r.realTokenReserves()));
        m.put("realSolReserves", u64(r.realSolReserves()));
        m.put("tokenTotalSupply", u64(r.tokenTotalSupply()));
        m.put("asOfSlot", r.asOfSlot());
        return m;
    }

    private static Map<String, Object> price(CurvePrice p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("solPerToken", p.solPerToken().toPlainString());
        m.put("lamportsPerBaseUnit", p.lamportsPerBaseUnit());
        return m;
    }

    private static Map<String, Object> progress(CurveProgress p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraction", p.fraction());
        m.put("source", lower(p.source()));
        m.put("initialRealTokenReserves", u64(p.initialRealTokenReserves()));
        return m;
    }

    private static Map<String, Object> lastTrade(LastTrade t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signature", t.signature().toBase58());
        m.put("slot", t.slot());
        m.put("side", lower(t.side()));
        m.put("solLamports", u64(t.solLamports()));
        m.put("tokenAmount", u64(t.tokenAmount()));
        m.put("timestamp", t.timestamp());
        return m;
    }

    /** A u64 held in a long, as the unsigned integer it is. */
    static BigInteger u64(long value) {
        BigInteger b = BigInteger.valueOf(value);
        return value >= 0 ? b : b.add(TWO_TO_64);
    }

    private static String key(PublicKey k) {
        return k == null || k.isZero() ? null : k.toBase58();
    }

    private static Long knownOrNull(long value) {
        return value < 0 ? null : value;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
