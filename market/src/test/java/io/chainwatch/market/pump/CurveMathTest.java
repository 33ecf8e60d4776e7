package io.chainwatch.market.pump;

import io.chainwatch.solana.LogEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.TradeEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class CurveMathTest {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    /** The real mainnet buy (buy-tx-logs.json): the program's TradeEvent, decoded by chainwatch-solana. */
    private static TradeEvent realTrade() {
        return PumpDecoders.logEventParser().parse(PumpInputs.fixtureLogs("buy-tx-logs.json")).stream()
                .map(LogEvent::event).filter(TradeEvent.class::isInstance).map(TradeEvent.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void feeMathReproducesTheRealTradeEventsFeesToTheLamport() {
        TradeEvent t = realTrade();
        assertThat(t.mint()).isEqualTo(PublicKey.fromBase58("BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump"));
        assertThat(t.solAmount()).isEqualTo(50_051_224L);
        assertThat(t.feeBasisPoints()).isEqualTo(95);
        assertThat(t.creatorFeeBasisPoints()).isEqualTo(30);

        assertThat(CurveMath.fee(t.solAmount(), (int) t.feeBasisPoints())).isEqualTo(t.fee()).isEqualTo(475_487L);
        assertThat(CurveMath.fee(t.solAmount(), (int) t.creatorFeeBasisPoints())).isEqualTo(t.creatorFee()).isEqualTo(150_154L);
    }

    @Test
    void buyOfTheRealTradesTokenAmountCostsItsSolAmountOnTheReservesBeforeIt() {
        TradeEvent t = realTrade();
        // The event reports the reserves after the trade; before it, the curve held the tokens and not the SOL.
        CurveReserves before = new CurveReserves(t.virtualTokenReserves() + t.tokenAmount(), t.virtualSolReserves() - t.solAmount(),
                t.realTokenReserves() + t.tokenAmount(), t.realSolReserves() - t.solAmount(), PumpInputs.SUPPLY, 0);
        FeeRates charged = new FeeRates((int) t.feeBasisPoints(), (int) t.creatorFeeBasisPoints());

        TradeQuote q = CurveMath.buyExactTokens(before, t.tokenAmount(), charged);

        assertThat(q).isEqualTo(new TradeQuote(TradeSide.BUY, 693_868_985_905L, 50_051_224L, 475_487L, 150_154L));
        assertThat(q.userLamports()).isEqualTo(50_676_865L);
        CurveReserves after = CurveMath.reservesAfter(before, q, 1);
        assertThat(after.virtualTokenReserves()).isEqualTo(t.virtualTokenReserves());
        assertThat(after.virtualSolReserves()).isEqualTo(t.virtualSolReserves());
        assertThat(after.realTokenReserves()).isEqualTo(t.realTokenReserves());
        assertThat(after.realSolReserves()).isEqualTo(t.realSolReserves());
        // The instruction's max_sol_cost (55,000,000 in its data) covered it.
        assertThat(q.userLamports()).isLessThanOrEqualTo(55_000_000L);

        // Spending what that buy cost, fees included, through buy_exact_sol_in: the same net amount, and the
        // tokens that net amount less one lamport buys (the IDL's formula), a hair under the exact-token buy.
        TradeQuote bySol = CurveMath.buyExactSolIn(before, q.userLamports(), charged);
        assertThat(bySol.solAmountLamports()).isEqualTo(50_051_224L);
        assertThat(bySol.protocolFeeLamports()).isEqualTo(475_487L);
        assertThat(bySol.creatorFeeLamports()).isEqualTo(150_154L);
        assertThat(bySol.tokenAmount()).isEqualTo(693_868_976_660L);
    }

    @Test
    void feesRoundUpAndSmallAmountsAreExact() {
        assertThat(CurveMath.fee(0, 95)).isZero();
        assertThat(CurveMath.fee(1, 95)).isEqualTo(1);
        assertThat(CurveMath.fee(10_000, 95)).isEqualTo(95);
        assertThat(CurveMath.fee(10_001, 95)).isEqualTo(96);
        assertThat(CurveMath.fee(1_000_000_000L, 0)).isZero();
    }

    @Test
    void buyingMoreThanTheRealReservesGetsWhatIsLeft() {
        CurveReserves nearlyDone = new CurveReserves(280_000_000_000_000L, 115_000_000_000L, 1_000_000L, 85_000_000_000L,
                PumpInputs.SUPPLY, 0);
        TradeQuote q = CurveMath.buyExactTokens(nearlyDone, 5_000_000_000L, FeeRates.MAINNET_OBSERVED);
        assertThat(q.tokenAmount()).isEqualTo(1_000_000L);
        assertThat(CurveMath.reservesAfter(nearlyDone, q, 1).realTokenReserves()).isZero();
        assertThat(CurveMath.buyExactSolIn(nearlyDone, 100_000_000_000L, FeeRates.MAINNET_OBSERVED).tokenAmount()).isEqualTo(1_000_000L);
    }

    @Test
    void aDustSellCannotPayItsFees() {
        TradeQuote q = CurveMath.sell(PumpInputs.initialReserves(), 40_000, FeeRates.MAINNET_OBSERVED);
        assertThat(q.solAmountLamports()).isEqualTo(1);
        assertThat(q.userLamports()).isNegative();
    }

    @Test
    void arithmeticPastU64IsAnErrorNotAWrapAround() {
        assertThatThrownBy(() -> UnsignedMath.mulDivFloor(-1L, -1L, 2)).isInstanceOf(ArithmeticException.class).hasMessageContaining("overflow");
        assertThatThrownBy(() -> UnsignedMath.mulDivFloor(1, 1, 0)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> CurveMath.buyExactTokens(new CurveReserves(10, 10, 20, 0, 20, 0), 10, FeeRates.MAINNET_OBSERVED))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("cannot price");
    }

    @Property(tries = 3_000)
    void mulDivMatchesBigIntegerOnTheWholeU64Range(@ForAll long a, @ForAll long b, @ForAll long c) {
        if (c == 0) {
            return;
        }
        BigInteger product = unsigned(a).multiply(unsigned(b));
        BigInteger[] qr = product.divideAndRemainder(unsigned(c));
        if (qr[0].compareTo(TWO_TO_64) >= 0) {
            assertThatThrownBy(() -> UnsignedMath.mulDivFloor(a, b, c)).isInstanceOf(ArithmeticException.class);
            return;
        }
        assertThat(unsigned(UnsignedMath.mulDivFloor(a, b, c))).isEqualTo(qr[0]);
        BigInteger ceil = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        if (ceil.compareTo(TWO_TO_64) < 0) {
            assertThat(unsigned(UnsignedMath.mulDivCeil(a, b, c))).isEqualTo(ceil);
        }
    }

    @Property(tries = 3_000)
    void mulDivMatchesBigIntegerWhenTheQuotientFits(@ForAll long a, @ForAll long b, @ForAll @LongRange(min = 1) long cHigh) {
        // Random divisors rarely keep a full 128-bit product's quotient in 64 bits; these do, and reach the long division's corrections.
        long c = Math.max(1, Math.unsignedMultiplyHigh(a, b) + cHigh);
        if (Long.compareUnsigned(c, Math.unsignedMultiplyHigh(a, b)) <= 0) {
            return;
        }
        BigInteger expected = unsigned(a).multiply(unsigned(b)).divide(unsigned(c));
        assertThat(unsigned(UnsignedMath.mulDivFloor(a, b, c))).isEqualTo(expected);
    }

    @Property(tries = 2_000)
    void aBuyNeverSpendsMoreThanItsBudgetAndNeverLowersTheConstantProduct(
            @ForAll @LongRange(min = 1, max = 200_000_000_000L) long budget,
            @ForAll @LongRange(min = 0, max = 700_000_000_000_000L) long sold,
            @ForAll @IntRange(min = 0, max = 500) int protocolBps, @ForAll @IntRange(min = 0, max = 500) int creatorBps) {
        CurveReserves r = curveAfterSelling(sold);
        FeeRates fees = new FeeRates(protocolBps, creatorBps);
        TradeQuote bySol = CurveMath.buyExactSolIn(r, budget, fees);
        assertThat(bySol.userLamports()).isLessThanOrEqualTo(budget);
        assertThat(productOf(CurveMath.reservesAfter(r, bySol, 1))).isGreaterThanOrEqualTo(productOf(r));

        TradeQuote byTokens = CurveMath.buyExactTokens(r, bySol.tokenAmount(), fees);
        assertThat(byTokens.tokenAmount()).isEqualTo(bySol.tokenAmount());
        assertThat(byTokens.solAmountLamports()).as("the exact-token price of what the budget buys").isLessThanOrEqualTo(bySol.solAmountLamports());
        assertThat(productOf(CurveMath.reservesAfter(r, byTokens, 1))).isGreaterThanOrEqualTo(productOf(r));
    }

    @Property(tries = 2_000)
    void buyingThenSellingTheSameTokensNeverGainsSol(@ForAll @LongRange(min = 0, max = 700_000_000_000_000L) long sold,
                                                     @ForAll @LongRange(min = 1, max = 90_000_000_000_000L) long tokens) {
        CurveReserves r = curveAfterSelling(sold);
        TradeQuote buy = CurveMath.buyExactTokens(r, tokens, new FeeRates(0, 0));
        TradeQuote sell = CurveMath.sell(CurveMath.reservesAfter(r, buy, 1), buy.tokenAmount(), new FeeRates(0, 0));
        assertThat(sell.solAmountLamports()).isLessThanOrEqualTo(buy.solAmountLamports());
        assertThat(productOf(CurveMath.reservesAfter(CurveMath.reservesAfter(r, buy, 1), sell, 2))).isGreaterThanOrEqualTo(productOf(r));
    }

    /** A fresh mainnet curve after {@code sold} tokens were bought out of it, at the exact-token price. */
    private static CurveReserves curveAfterSelling(long sold) {
        CurveReserves r = PumpInputs.initialReserves();
        return sold == 0 ? r : CurveMath.reservesAfter(r, CurveMath.buyExactTokens(r, sold, new FeeRates(0, 0)), 0);
    }

    private static BigInteger productOf(CurveReserves r) {
        return unsigned(r.virtualTokenReserves()).multiply(unsigned(r.virtualSolReserves()));
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }
}
