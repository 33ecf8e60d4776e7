package io.chainwatch.store;

import io.chainwatch.core.U256;
import io.chainwatch.core.config.Commitment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Solana test data: keys made from labels, pump.fun-like trade events and curve rows. A label keeps
 * the data of one test apart from another's in a shared database.
 */
final class SolanaFixtures {
    static final SolanaPubkey PUMP = key(0x7075_6d70L, 0);
    static final Instant SOME_TIME = Instant.parse("2025-03-04T05:06:07Z");
    /** sha256("event:TradeEvent")[..8], as pump's TradeEvent starts. */
    static final byte[] TRADE_EVENT_DISCRIMINATOR = {(byte) 0xbd, (byte) 0xdb, 0x7f, (byte) 0xd3, 0x4e, (byte) 0xe6, 0x61, (byte) 0xee};

    private SolanaFixtures() {
    }

    /** A key made from a label and a number, distinct for distinct inputs. */
    static SolanaPubkey key(long label, long n) {
        return new SolanaPubkey(label, n, ~n, 0x5eed_0000_0000_0001L ^ label);
    }

    /** The signature of transaction {@code tx} of {@code slot}, under a label. */
    static SolanaSignature signature(long label, long slot, int tx) {
        return new SolanaSignature(label, slot, tx, ~slot, label ^ slot, 31 * slot + tx, ~label, 0x0123_4567_89ab_cdefL);
    }

    /** A TradeEvent at {@code eventIndex} of transaction {@code tx} of {@code slot}. */
    static SolanaEventRow trade(long label, long slot, int tx, int eventIndex, SolanaPubkey mint, long solLamports, long tokenAmount,
                                boolean buy, Commitment commitment) {
        SolanaPubkey trader = key(label + 1, slot * 100 + tx);
        return new SolanaEventRow(signature(label, slot, tx), eventIndex, slot, tx, SOME_TIME.plusSeconds(slot % 1_000_000_000L / 2), PUMP, "pump",
                "TradeEvent", commitment, mint, new SolanaEventRow.Trade(trader, solLamports, tokenAmount, buy),
                tradeEventBytes(mint, solLamports, tokenAmount, buy, trader, slot * 1_000 + tx * 10L + eventIndex));
    }

    /**
     * A pump TradeEvent's bytes as its layouts start: discriminator, mint, sol_amount, token_amount (u64, little-endian
     * as borsh has them), is_buy, user; then {@code rest} where the timestamp goes, keeping apart events of equal trades.
     */
    static byte[] tradeEventBytes(SolanaPubkey mint, long solLamports, long tokenAmount, boolean buy, SolanaPubkey trader, long rest) {
        return ByteBuffer.allocate(8 + 32 + 8 + 8 + 1 + 32 + 8).order(ByteOrder.LITTLE_ENDIAN).put(TRADE_EVENT_DISCRIMINATOR)
                .put(mint.bytes()).putLong(solLamports).putLong(tokenAmount).put((byte) (buy ? 1 : 0)).put(trader.bytes()).putLong(rest)
                .array();
    }

    /** A trade with amounts made from its position. */
    static SolanaEventRow trade(long label, long slot, int tx, int eventIndex, SolanaPubkey mint, Commitment commitment) {
        return trade(label, slot, tx, eventIndex, mint, 1_000_000L * (slot % 97 + 1) + tx, 35_000_000_000L + slot * 7 + eventIndex,
                (slot + tx) % 3 != 0, commitment);
    }

    /** One trade per transaction, {@code perSlot} transactions in each slot of {@code from..to}, mints taken in turn. */
    static List<SolanaEventRow> trades(long label, long from, long to, int perSlot, List<SolanaPubkey> mints, Commitment commitment) {
        List<SolanaEventRow> out = new ArrayList<>();
        int i = 0;
        for (long slot = from; slot <= to; slot++) {
            for (int tx = 0; tx < perSlot; tx++) {
                out.add(trade(label, slot, tx, 0, mints.get(i++ % mints.size()), commitment));
            }
        }
        return out;
    }

    /** A curve in trading at {@code slot}, its numbers made from {@code n}. */
    static CurveRow curve(SolanaPubkey mint, CurveRow.Status status, long n, long slot) {
        return new CurveRow(mint, status, key(77, n), 1_073_000_000_000_000L - n, 30_000_000_000L + n, 793_100_000_000_000L - n, n,
                1_000_000_000_000_000L, status == CurveRow.Status.COMPLETE || status == CurveRow.Status.MIGRATED,
                U256.of(10 * n), U256.of(3 * n), n, slot - 1, new CurveRow.LastTrade(slot, signature(78, slot, (int) n)), slot);
    }

    static SolanaStore.SlotCommit commit(String feed, long checkpoint, List<SolanaEventRow> events, List<CurveRow> curves) {
        return new SolanaStore.SlotCommit(feed, checkpoint, events, curves, List.of());
    }

    /** The same event seen at another commitment. */
    static SolanaEventRow withCommitment(SolanaEventRow e, Commitment commitment) {
        return new SolanaEventRow(e.signature(), e.eventIndex(), e.slot(), e.txIndex(), e.blockTime(), e.program(), e.programName(),
                e.kind(), commitment, e.mint(), e.trade(), e.data());
    }

    /** The same event of the same transaction, landed in another slot (after its fork died). */
    static SolanaEventRow inSlot(SolanaEventRow e, long slot) {
        return new SolanaEventRow(e.signature(), e.eventIndex(), slot, e.txIndex() + 1, e.blockTime(), e.program(), e.programName(),
                e.kind(), e.commitment(), e.mint(), e.trade(), e.data());
    }
}
