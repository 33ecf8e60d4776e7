package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.CompleteEvent;
import io.chainwatch.solana.pump.CompletePumpAmmMigrationEvent;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.TradeEvent;

/**
 * One curve's state, mutable: the fold of its inputs in chain order. {@link CurveBook} uses it as scratch
 * and as the base an undo replays from. Owned by the book's thread.
 *
 * <p>Every rule here gives the same result whatever order the inputs come in, once they are folded in
 * chain order: status only rises, volume adds up, and reserves, creator and last trade are
 * last-writer-wins by (slot, events before account data), so a base that already holds newer account
 * data is not overwritten by an older event.
 */
final class CurveState {
    static final int RESERVES_KNOWN = 1;
    static final int RESERVES_FROM_ACCOUNT = 1 << 1;
    static final int FEES_KNOWN = 1 << 2;
    static final int HAS_TRADE = 1 << 3;
    static final int LAST_TRADE_SELL = 1 << 4;
    static final int CREATE_SEEN = 1 << 5;
    static final int NOT_SOL_QUOTE = 1 << 6;
    static final int HAS_ACTIVITY = 1 << 7;

    private static final PublicKey WRAPPED_SOL = PublicKey.fromBase58("So11111111111111111111111111111111111111112");
    // Layouts grow by appending: a field is present when the record read past its index.
    private static final int CREATE_CREATOR = CreateEvent.IDL_FIELDS.indexOf("creator");
    private static final int CREATE_TIMESTAMP = CreateEvent.IDL_FIELDS.indexOf("timestamp");
    private static final int CREATE_SUPPLY = CreateEvent.IDL_FIELDS.indexOf("token_total_supply");
    private static final int CREATE_QUOTE = CreateEvent.IDL_FIELDS.indexOf("virtual_quote_reserves");
    private static final int TRADE_FEES = TradeEvent.IDL_FIELDS.indexOf("creator_fee_basis_points");
    private static final int TRADE_CREATOR = TradeEvent.IDL_FIELDS.indexOf("creator");
    private static final int TRADE_QUOTE = TradeEvent.IDL_FIELDS.indexOf("real_quote_reserves");
    private static final int COMPLETE_QUOTE = CompleteEvent.IDL_FIELDS.indexOf("quote_mint");
    private static final int ACCOUNT_CREATOR = BondingCurve.IDL_FIELDS.indexOf("creator");
    private static final int ACCOUNT_QUOTE = BondingCurve.IDL_FIELDS.indexOf("quote_mint");

    PublicKey mint;
    PublicKey creator = PublicKey.ZERO;
    PublicKey pool = PublicKey.ZERO;
    CurveStatus status = CurveStatus.CREATED;
    int flags;
    long virtualTokenReserves;
    long virtualSolReserves;
    long realTokenReserves;
    long realSolReserves;
    long tokenTotalSupply;
    long reservesSlot;
    long createdSlot;
    long createdTimestamp;
    /** 0 when the CreateEvent did not say. */
    long initialRealTokenReserves;
    long lastActivitySlot;
    long buyLamports;
    long sellLamports;
    int buys;
    int sells;
    TxSignature lastSignature;
    long lastSlot;
    long lastTimestamp;
    long lastSolLamports;
    long lastTokenAmount;
    int protocolFeeBps;
    int creatorFeeBps;
    /**
     * The slots of the inputs that last wrote the creator and the fee rates (0 when unknown, as in a state read
     * back from the table): what {@link #foldsLate} needs, since not every input that moves the reserves names
     * them. Not kept in the table.
     */
    long creatorSlot;
    long feesSlot;

    /** A curve nothing is known of yet but its mint. */
    CurveState reset(PublicKey mint) {
        copyFrom(new CurveState());
        this.mint = mint;
        return this;
    }

    CurveState copy() {
        return new CurveState().copyFrom(this);
    }

    CurveState copyFrom(CurveState o) {
        mint = o.mint;
        creator = o.creator;
        pool = o.pool;
        status = o.status;
        flags = o.flags;
        virtualTokenReserves = o.virtualTokenReserves;
        virtualSolReserves = o.virtualSolReserves;
        realTokenReserves = o.realTokenReserves;
        realSolReserves = o.realSolReserves;
        tokenTotalSupply = o.tokenTotalSupply;
        reservesSlot = o.reservesSlot;
        createdSlot = o.createdSlot;
        createdTimestamp = o.createdTimestamp;
        initialRealTokenReserves = o.initialRealTokenReserves;
        lastActivitySlot = o.lastActivitySlot;
        buyLamports = o.buyLamports;
        sellLamports = o.sellLamports;
        buys = o.buys;
        sells = o.sells;
        lastSignature = o.lastSignature;
        lastSlot = o.lastSlot;
        lastTimestamp = o.lastTimestamp;
        lastSolLamports = o.lastSolLamports;
        lastTokenAmount = o.lastTokenAmount;
        protocolFeeBps = o.protocolFeeBps;
        creatorFeeBps = o.creatorFeeBps;
        creatorSlot = o.creatorSlot;
        feesSlot = o.feesSlot;
        return this;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    void apply(JournalEntry e) {
        if (e.account != null) {
            onAccount(e.slot, e.account);
            return;
        }
        switch (e.event) {
            case CreateEvent c -> onCreate(e.slot, c);
            case TradeEvent t -> onTrade(e, t);
            case CompleteEvent c -> {
                activity(e.slot);
                rise(CurveStatus.COMPLETE);
                if (c.fieldsPresent() > COMPLETE_QUOTE) {
                    quote(c.quoteMint());
                }
            }
            case CompletePumpAmmMigrationEvent m -> {
                activity(e.slot);
                rise(CurveStatus.MIGRATED);
                pool = m.pool();
                // Migration moves what the curve held (its SOL, its unsold tokens) into the pool.
                realSolReserves = 0;
                realTokenReserves = 0;
            }
        }
    }

    /**
     * True when folding {@code e} into this state, which already holds inputs that come after {@code e} in
     * chain order, gives what folding {@code e} at its place gives: everything it writes adds up or only
     * rises (volume, counts, status, activity), or is held here by a later writer (reserves, last trade,
     * creator, fee rates by the slots that wrote them). Then a trade backfilled behind the stream costs one
     * fold, not a fold of the curve's history. Conservative: false whenever unsure (account data, creates and
     * migrations write fields no stamp covers; a writer's slot unknown is taken as not later).
     */
    boolean foldsLate(JournalEntry e) {
        if (e.account != null) {
            return false;
        }
        return switch (e.event) {
            case CompleteEvent c -> true;
            case TradeEvent t -> has(HAS_TRADE) && e.slot < lastSlot
                    && has(RESERVES_KNOWN) && (e.slot < reservesSlot || e.slot == reservesSlot && has(RESERVES_FROM_ACCOUNT))
                    && (!namesCreator(t) || e.slot < creatorSlot)
                    && (!namesFees(t) || has(FEES_KNOWN) && e.slot < feesSlot);
            default -> false;
        };
    }

    /** True when {@code e} may write the reserves, so that the reserves after it do not depend on the inputs before it. */
    static boolean setsReserves(JournalEntry e) {
        return e.account != null || e.event instanceof TradeEvent
                || e.event instanceof CreateEvent c && c.fieldsPresent() > CREATE_SUPPLY;
    }

    private static boolean namesCreator(TradeEvent t) {
        return t.fieldsPresent() > TRADE_CREATOR && !t.creator().isZero();
    }

    private static boolean namesFees(TradeEvent t) {
        return t.fieldsPresent() > TRADE_FEES && validBps(t.feeBasisPoints()) && validBps(t.creatorFeeBasisPoints());
    }

    /** Account data that is final and kept out of the journal; the same rules as a journaled one. */
    void applyAccount(long slot, BondingCurve account) {
        onAccount(slot, account);
    }

    private void onCreate(long slot, CreateEvent c) {
        activity(slot);
        rise(CurveStatus.CREATED);
        flags |= CREATE_SEEN;
        createdSlot = slot;
        if (c.fieldsPresent() > CREATE_TIMESTAMP) {
            createdTimestamp = c.timestamp();
        }
        boolean quoted = c.fieldsPresent() > CREATE_QUOTE && quote(c.quoteMint());
        if (c.fieldsPresent() > CREATE_SUPPLY) {
            initialRealTokenReserves = c.realTokenReserves();
        }
        if (!newer(slot, false)) {
            return;
        }
        if (c.fieldsPresent() > CREATE_CREATOR && !c.creator().isZero()) {
            creator = c.creator();
            creatorSlot = slot;
        }
        if (c.fieldsPresent() > CREATE_SUPPLY) {
            reserves(slot, false, c.virtualTokenReserves(), quoted ? c.virtualQuoteReserves() : c.virtualSolReserves(),
                    c.realTokenReserves(), 0);
            tokenTotalSupply = c.tokenTotalSupply();
        }
    }

    private void onTrade(JournalEntry e, TradeEvent t) {
        long slot = e.slot;
        activity(slot);
        rise(CurveStatus.TRADING);
        boolean quoted = t.fieldsPresent() > TRADE_QUOTE && quote(t.quoteMint());
        long amount = quoted ? t.quoteAmount() : t.solAmount();
        if (t.isBuy()) {
            buyLamports += amount;
            buys++;
        } else {
            sellLamports += amount;
            sells++;
        }
        if (t.realTokenReserves() == 0) {
            rise(CurveStatus.COMPLETE); // pump: a curve is complete when its real token reserves reach 0
        }
        if (newer(slot, false)) {
            reserves(slot, false, t.virtualTokenReserves(), quoted ? t.virtualQuoteReserves() : t.virtualSolReserves(),
                    t.realTokenReserves(), quoted ? t.realQuoteReserves() : t.realSolReserves());
            if (namesCreator(t)) {
                creator = t.creator();
                creatorSlot = slot;
            }
        }
        if (!has(HAS_TRADE) || slot >= lastSlot) {
            flags = (flags | HAS_TRADE) & ~LAST_TRADE_SELL | (t.isBuy() ? 0 : LAST_TRADE_SELL);
            lastSignature = e.signature;
            lastSlot = slot;
            lastTimestamp = t.timestamp();
            lastSolLamports = amount;
            lastTokenAmount = t.tokenAmount();
            if (namesFees(t)) {
                flags |= FEES_KNOWN;
                feesSlot = slot;
                protocolFeeBps = (int) t.feeBasisPoints();
                creatorFeeBps = (int) t.creatorFeeBasisPoints();
            }
        }
    }

    private void onAccount(long slot, BondingCurve b) {
        if (b.fieldsPresent() > ACCOUNT_QUOTE) {
            quote(b.quoteMint());
        }
        if (b.complete()) {
            // pump's SDK reads a complete curve with no virtual token reserves left as migrated.
            rise(b.virtualTokenReserves() == 0 ? CurveStatus.MIGRATED : CurveStatus.COMPLETE);
        } else {
            rise(b.realQuoteReserves() != 0 ? CurveStatus.TRADING : CurveStatus.CREATED);
        }
        if (!newer(slot, true)) {
            return;
        }
        reserves(slot, true, b.virtualTokenReserves(), b.virtualQuoteReserves(), b.realTokenReserves(), b.realQuoteReserves());
        tokenTotalSupply = b.tokenTotalSupply();
        if (b.fieldsPresent() > ACCOUNT_CREATOR && !b.creator().isZero()) {
            creator = b.creator();
            creatorSlot = slot;
        }
    }

    /** Last writer wins by (slot, account after events); events of one slot are folded in chain order. */
    private boolean newer(long slot, boolean fromAccount) {
        return !has(RESERVES_KNOWN) || slot > reservesSlot
                || slot == reservesSlot && (fromAccount || !has(RESERVES_FROM_ACCOUNT));
    }

    private void reserves(long slot, boolean fromAccount, long vToken, long vSol, long rToken, long rSol) {
        virtualTokenReserves = vToken;
        virtualSolReserves = vSol;
        realTokenReserves = rToken;
        realSolReserves = rSol;
        reservesSlot = slot;
        flags = (flags | RESERVES_KNOWN) & ~RESERVES_FROM_ACCOUNT | (fromAccount ? RESERVES_FROM_ACCOUNT : 0);
    }

    private void activity(long slot) {
        if (!has(HAS_ACTIVITY) || slot > lastActivitySlot) {
            lastActivitySlot = slot;
        }
        flags |= HAS_ACTIVITY;
    }

    private void rise(CurveStatus s) {
        if (s.compareTo(status) > 0) {
            status = s;
        }
    }

    /** Marks a curve quoted in a mint other than SOL; returns true for such a mint. */
    private boolean quote(PublicKey quoteMint) {
        boolean other = !quoteMint.isZero() && !quoteMint.equals(WRAPPED_SOL);
        if (other) {
            flags |= NOT_SOL_QUOTE;
        }
        return other;
    }

    private static boolean validBps(long bps) {
        return bps >= 0 && bps <= FeeRates.BPS_DENOMINATOR;
    }
}
