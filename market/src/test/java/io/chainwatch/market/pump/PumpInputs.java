package io.chainwatch.market.pump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.CompleteEvent;
import io.chainwatch.solana.pump.CompletePumpAmmMigrationEvent;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.TradeEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** Pump events and account data for tests, in the newest layouts unless a test asks otherwise; and the real fixtures. */
final class PumpInputs {
    static final long INITIAL_VIRTUAL_TOKENS = 1_073_000_000_000_000L;
    static final long INITIAL_VIRTUAL_SOL = 30_000_000_000L;
    static final long INITIAL_REAL_TOKENS = 793_100_000_000_000L;
    static final long SUPPLY = 1_000_000_000_000_000L;
    static final PublicKey CREATOR = key(900);
    static final int CREATE_FIELDS = CreateEvent.IDL_FIELDS.size();
    /** The 266-byte mainnet layout: fields to {@code ix_name}. */
    static final int TRADE_FIELDS_266 = TradeEvent.IDL_FIELDS.indexOf("ix_name") + 1;

    private PumpInputs() {
    }

    static PublicKey key(long n) {
        return new PublicKey(n * 0x9E3779B97F4A7C15L, n, ~n, n * 31 + 7);
    }

    static TxSignature sig(long n) {
        return new TxSignature(n, n * 0x9E3779B97F4A7C15L, 1, 2, 3, 4, 5, n);
    }

    static EventPosition at(long slot, long signature) {
        return new EventPosition(slot, sig(signature), -1, 0);
    }

    static CreateEvent create(PublicKey mint) {
        return create(mint, CREATE_FIELDS);
    }

    static CreateEvent create(PublicKey mint, int fieldsPresent) {
        return new CreateEvent("Name", "SYM", "https://example.org/m.json", mint, key(1), key(2), CREATOR, 1_770_000_000L,
                INITIAL_VIRTUAL_TOKENS, INITIAL_VIRTUAL_SOL, INITIAL_REAL_TOKENS, SUPPLY, key(3), false, false,
                PublicKey.ZERO, INITIAL_VIRTUAL_SOL, 0, false, fieldsPresent);
    }

    /** A trade that leaves the curve at the given reserves (what a TradeEvent reports). */
    static TradeEvent trade(PublicKey mint, boolean buy, long sol, long tokens, long vToken, long vSol, long rToken, long rSol) {
        return trade(mint, buy, sol, tokens, new CurveReserves(vToken, vSol, rToken, rSol, SUPPLY, 0), TRADE_FIELDS_266);
    }

    static TradeEvent trade(PublicKey mint, boolean buy, long sol, long tokens, CurveReserves after, int fieldsPresent) {
        return trade(mint, buy, sol, tokens, after, CREATOR, 95, 30, 1_770_000_100L, fieldsPresent);
    }

    /** A trade naming its creator, fee rates and time, in a layout of {@code fieldsPresent} fields. */
    static TradeEvent trade(PublicKey mint, boolean buy, long sol, long tokens, CurveReserves after, PublicKey creator, int feeBps,
                            int creatorFeeBps, long timestamp, int fieldsPresent) {
        return new TradeEvent(mint, sol, tokens, buy, key(5), timestamp, after.virtualSolReserves(),
                after.virtualTokenReserves(), after.realSolReserves(), after.realTokenReserves(), key(6), feeBps,
                CurveMath.fee(sol, feeBps), creator, creatorFeeBps, CurveMath.fee(sol, creatorFeeBps), false, 0, 0, 0, 0,
                buy ? "buy" : "sell", false, 0, 0, 0, 0, List.of(), PublicKey.ZERO, 0, 0, 0, 0, 0, fieldsPresent);
    }

    /** The trade the curve math gives for {@code quote} on {@code before}. */
    static TradeEvent trade(PublicKey mint, CurveReserves before, TradeQuote quote) {
        return trade(mint, quote.side() == TradeSide.BUY, quote.solAmountLamports(), quote.tokenAmount(),
                CurveMath.reservesAfter(before, quote, 0), TRADE_FIELDS_266);
    }

    /**
     * A buy, or now and then a sell once the curve has sold enough, on {@code r} of an amount no two trades are
     * likely to share: no two trades of a slot start from the same reserves, so the chain is one order.
     */
    static TradeQuote randomQuote(Random random, CurveReserves r) {
        boolean buy = random.nextInt(3) > 0 || r.realTokenReserves() > INITIAL_REAL_TOKENS - 2_000_000_000_000L;
        long tokens = 1_000_000_000L * (1 + random.nextInt(1_000)) + random.nextInt(1_000_000_000);
        return buy ? CurveMath.buyExactTokens(r, tokens, FeeRates.MAINNET_OBSERVED) : CurveMath.sell(r, tokens, FeeRates.MAINNET_OBSERVED);
    }

    /**
     * A generator of trades that chain: each curve's reserves are what the trade before on it left ({@link #reserves},
     * which the caller moves), slot by slot, and signatures come at random so that their order says nothing of the chain's.
     */
    static final class Chain {
        /** One transaction of the chain: its slot, its place in the slot, and the curve it trades. */
        @FunctionalInterface
        interface Transaction {
            void at(long slot, int index, int mint);
        }

        final Random random;
        final CurveReserves[] reserves;
        private long signature = 1;

        Chain(Random random, int mints) {
            this.random = random;
            this.reserves = new CurveReserves[mints];
            java.util.Arrays.fill(reserves, initialReserves());
        }

        /** Slots 2 to {@code lastSlot}, up to eight transactions a slot, each on a curve at random; {@code slotEnd} after each slot. */
        void slots(long lastSlot, Transaction transaction, java.util.function.LongConsumer slotEnd) {
            for (long slot = 2; slot <= lastSlot; slot++) {
                int n = random.nextInt(9);
                for (int i = 0; i < n; i++) {
                    transaction.at(slot, i, random.nextInt(reserves.length));
                }
                slotEnd.accept(slot);
            }
        }

        TxSignature nextSignature() {
            return sig(signature++ * 7_919 % 100_003 + random.nextInt(7) * 100_003L);
        }
    }

    static CurveReserves initialReserves() {
        return new CurveReserves(INITIAL_VIRTUAL_TOKENS, INITIAL_VIRTUAL_SOL, INITIAL_REAL_TOKENS, 0, SUPPLY, 0);
    }

    static CompleteEvent complete(PublicKey mint) {
        return new CompleteEvent(key(5), mint, key(1), 1_770_000_200L, PublicKey.ZERO, CompleteEvent.IDL_FIELDS.size());
    }

    static CompletePumpAmmMigrationEvent migration(PublicKey mint, PublicKey pool) {
        return new CompletePumpAmmMigrationEvent(key(5), mint, 206_900_000_000_000L, 84_990_359_059L, 15_000_001L, key(1),
                1_770_000_300L, pool, PublicKey.ZERO, CompletePumpAmmMigrationEvent.IDL_FIELDS.size());
    }

    static BondingCurve account(long vToken, long vSol, long rToken, long rSol, boolean complete) {
        return account(vToken, vSol, rToken, rSol, complete, BondingCurve.IDL_FIELDS.size());
    }

    /** Account data in a layout of {@code fieldsPresent} fields (one that ends before {@code creator} names none). */
    static BondingCurve account(long vToken, long vSol, long rToken, long rSol, boolean complete, int fieldsPresent) {
        return new BondingCurve(vToken, vSol, rToken, rSol, SUPPLY, complete, CREATOR, false, false, PublicKey.ZERO, 0,
                false, false, fieldsPresent);
    }

    static JsonNode fixture(String name) {
        try (InputStream in = PumpInputs.class.getResourceAsStream("/fixtures/pump/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource fixtures/pump/" + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fixtureAccountData(String name) {
        return Base64.getDecoder().decode(fixture(name).get("data").asText());
    }

    static List<String> fixtureLogs(String name) {
        List<String> out = new ArrayList<>();
        fixture(name).get("log_messages").forEach(n -> out.add(n.asText()));
        return out;
    }
}
