package io.chainwatch.solana.feed;

import io.chainwatch.core.U256;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.market.pump.CurveReserves;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.CompleteEvent;
import io.chainwatch.solana.pump.CompletePumpAmmMigrationEvent;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.TradeEvent;
import io.chainwatch.solana.pump.amm.CreatePoolEvent;
import io.chainwatch.solana.tx.TransactionEvent;
import io.chainwatch.store.CurveRow;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaPubkey;
import io.chainwatch.store.SolanaSignature;

import java.time.Instant;

/** Turns decoded events and curve views into the store's rows. Stateless; public for the benchmarks. */
public final class StoreRows {
    private StoreRows() {
    }

    /** The stored form of a decoded event; null for one whose bytes did not decode. */
    public static SolanaEventRow event(TxSignature signature, long slot, int txIndex, Instant blockTime, TransactionEvent e,
                                       Commitment commitment) {
        ProgramEvent event = e.event();
        if (event == null) {
            return null;
        }
        SolanaEventRow.Trade trade = null;
        PublicKey mint = switch (event) {
            case TradeEvent t -> {
                trade = new SolanaEventRow.Trade(key(t.user()), t.solAmount(), t.tokenAmount(), t.isBuy());
                yield t.mint();
            }
            case CreateEvent c -> c.mint();
            case CompleteEvent c -> c.mint();
            case CompletePumpAmmMigrationEvent m -> m.mint();
            case CreatePoolEvent p -> p.baseMint();
            default -> null;
        };
        return new SolanaEventRow(signature(signature), e.eventIndex(), slot, txIndex, blockTime,
                key(e.programId()), event.programName(), event.typeName(), commitment, mint == null ? null : key(mint), trade,
                e.data());
    }

    /**
     * The stored form of a curve as the book holds it. A curve known only from events that carry no
     * reserves (a completion or a migration seen before any trade) is stored with zero reserves.
     */
    static CurveRow curve(CurveView v, long updatedSlot) {
        CurveRow.Status status = switch (v.status()) {
            case CREATED -> CurveRow.Status.CREATED;
            case TRADING -> CurveRow.Status.TRADING;
            case COMPLETE -> CurveRow.Status.COMPLETE;
            case MIGRATED -> CurveRow.Status.MIGRATED;
        };
        CurveReserves r = v.reserves() != null ? v.reserves() : new CurveReserves(0, 0, 0, 0, 0, updatedSlot);
        boolean complete = v.status() == io.chainwatch.market.pump.CurveStatus.COMPLETE
                || v.status() == io.chainwatch.market.pump.CurveStatus.MIGRATED;
        CurveRow.LastTrade last = v.lastTrade() == null ? null
                : new CurveRow.LastTrade(v.lastTrade().slot(), signature(v.lastTrade().signature()));
        return new CurveRow(key(v.mint()), status, v.creator() == null ? null : key(v.creator()), r.virtualTokenReserves(),
                r.virtualSolReserves(), r.realTokenReserves(), r.realSolReserves(), r.tokenTotalSupply(), complete,
                U256.of(v.volume().buyLamports()), U256.of(v.volume().sellLamports()), v.volume().buys() + (long) v.volume().sells(),
                v.createdSlot() < 0 ? CurveRow.UNKNOWN_SLOT : v.createdSlot(), last, Math.max(0, updatedSlot));
    }

    private static SolanaSignature signature(TxSignature s) {
        return new SolanaSignature(s.w0(), s.w1(), s.w2(), s.w3(), s.w4(), s.w5(), s.w6(), s.w7());
    }

    static SolanaPubkey key(PublicKey k) {
        return new SolanaPubkey(k.w0(), k.w1(), k.w2(), k.w3());
    }
}
