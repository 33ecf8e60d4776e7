package io.chainwatch.market.pump;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A curve's price and market cap from its virtual reserves (the constant-product spot price).
 *
 * @param lamportsPerBaseUnit virtual SOL / virtual token reserves: lamports per token base unit
 * @param solPerToken         the same for display: SOL per whole token (tokens have 6 decimals, SOL 9), 16 significant digits
 * @param marketCapLamports   price times total supply, {@code floor(virtualSol * supply / virtualToken)} as pump's SDK
 *                            ({@code bondingCurveMarketCap}) computes it
 * @param marketCapSol        the same in SOL
 */
public record CurvePrice(double lamportsPerBaseUnit, BigDecimal solPerToken, long marketCapLamports, BigDecimal marketCapSol) {
    private static final int TOKEN_DECIMALS = 6;
    private static final int SOL_DECIMALS = 9;

    /** The price of {@code r}, or null when it has none: zero virtual token reserves, or a market cap past u64. */
    public static CurvePrice of(CurveReserves r) {
        if (!r.canPrice()) {
            return null;
        }
        long marketCap;
        try {
            marketCap = UnsignedMath.mulDivFloor(r.virtualSolReserves(), r.tokenTotalSupply(), r.virtualTokenReserves());
        } catch (ArithmeticException tooLarge) {
            return null;
        }
        BigDecimal sol = unsigned(r.virtualSolReserves());
        BigDecimal tokens = unsigned(r.virtualTokenReserves());
        BigDecimal perBaseUnit = sol.divide(tokens, MathContext.DECIMAL64);
        return new CurvePrice(perBaseUnit.doubleValue(), perBaseUnit.movePointRight(TOKEN_DECIMALS - SOL_DECIMALS),
                marketCap, unsigned(marketCap).movePointLeft(SOL_DECIMALS));
    }

    private static BigDecimal unsigned(long value) {
        return new BigDecimal(Long.toUnsignedString(value));
    }
}
