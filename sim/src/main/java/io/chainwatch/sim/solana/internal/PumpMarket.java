package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pump.fun bonding curves of the simulated chain, with the program's constant-product math and
 * fees, and an undo log so that a block abandoned by a fork takes its trades with it.
 *
 * <p>Owned by the simulator thread; not thread-safe. Curves are immutable records replaced on every
 * change; {@link #begin()} and {@link #end()} bracket one block, whose undo log {@link #rollback}
 * applies in reverse.
 */
final class PumpMarket {
    static final long INITIAL_VIRTUAL_TOKEN_RESERVES = 1_073_000_000_000_000L;
    static final long INITIAL_VIRTUAL_SOL_RESERVES = 30_000_000_000L;
    static final long INITIAL_REAL_TOKEN_RESERVES = 793_100_000_000_000L;
    static final long TOKEN_TOTAL_SUPPLY = 1_000_000_000_000_000L;
    static final long FEE_BASIS_POINTS = 95;
    static final long CREATOR_FEE_BASIS_POINTS = 30;
    static final long POOL_MIGRATION_FEE = 15_000_001L;
    static final int TOKEN_DECIMALS = 6;
    static final long CURVE_RENT = AccountData.rentExemptLamports(PumpLayouts.BONDING_CURVE_SPACE);
    /** Holders remembered per curve; a curve with this many sells only to them. */
    static final int MAX_HOLDERS = 16;

    record Holder(Pubkey user, Pubkey tokenAccount, long amount) {
    }

    /**
     * One curve. {@code realSolReserves} and the virtual reserves are what the account shows;
     * {@code completedSlot} is -1 until the curve completes.
     */
    record Curve(Pubkey mint, Pubkey curve, Pubkey curveTokenAccount, Pubkey creator, Pubkey creatorVault, String name,
            String symbol, String uri, long virtualTokenReserves, long virtualSolReserves, long realTokenReserves,
            long realSolReserves, boolean complete, boolean migrated, long completedSlot, List<Holder> holders) {

        /** Tokens the curve's token account holds: the unsold real reserves plus what migration will move. */
        long tokensHeld() {
            return realTokenReserves + (TOKEN_TOTAL_SUPPLY - INITIAL_REAL_TOKEN_RESERVES);
        }

        long lamports() {
            return CURVE_RENT + realSolReserves;
        }

        byte[] accountData() {
            return PumpLayouts.bondingCurve(virtualTokenReserves, virtualSolReserves, realTokenReserves, realSolReserves,
                    TOKEN_TOTAL_SUPPLY, complete, creator);
        }

        Curve withReserves(long vtok, long vsol, long rtok, long rsol, boolean completeNow, long slot, List<Holder> h) {
            return new Curve(mint, curve, curveTokenAccount, creator, creatorVault, name, symbol, uri, vtok, vsol, rtok, rsol,
                    completeNow, migrated, completeNow && !complete ? slot : completedSlot, h);
        }

        Curve migratedNow() {
            return new Curve(mint, curve, curveTokenAccount, creator, creatorVault, name, symbol, uri, virtualTokenReserves,
                    virtualSolReserves, 0, 0, true, true, completedSlot, List.of());
        }

        Holder holder(Pubkey user) {
            for (Holder h : holders) {
                if (h.user().equals(user)) {
                    return h;
                }
            }
            return null;
        }
    }

    /** A buy as the program would execute it now. */
    record BuyQuote(long tokenAmount, long solCost, long fee, long creatorFee, boolean completes) {
    }

    /** A sell as the program would execute it now. */
    record SellQuote(long tokenAmount, long solOutput, long fee, long creatorFee) {
    }

    private record Undo(Pubkey mint, Curve previous) {
    }

    /** One block's changes, to undo if the block is abandoned. */
    record BlockUndo(List<Undo> entries) {
    }

    private final Map<Pubkey, Curve> curves = new HashMap<>();
    /** Mints not yet migrated, for picking one at random. */
    private final List<Pubkey> live = new ArrayList<>();
    private List<Undo> undo = new ArrayList<>();
    private final Map<Pubkey, Curve> touched = new LinkedHashMap<>();

    void begin() {
        undo = new ArrayList<>();
        touched.clear();
    }

    /** Ends a block: its undo log, to keep until the block is confirmed. */
    BlockUndo end() {
        return new BlockUndo(List.copyOf(undo));
    }

    /** Curves changed since {@link #begin()}, in the order first changed, as they are now. */
    List<Curve> touched() {
        return List.copyOf(touched.values());
    }

    /** Undoes one block's changes; blocks are rolled back newest first. */
    void rollback(BlockUndo blockUndo) {
        List<Undo> log = blockUndo.entries();
        for (int i = log.size() - 1; i >= 0; i--) {
            Undo u = log.get(i);
            Curve now = curves.get(u.mint());
            if (u.previous() == null) {
                curves.remove(u.mint());
                live.remove(u.mint());
            } else {
                curves.put(u.mint(), u.previous());
                if (now != null && now.migrated() && !u.previous().migrated()) {
                    live.add(u.mint());
                }
            }
        }
    }

    void put(Curve c) {
        Curve previous = curves.put(c.mint(), c);
        undo.add(new Undo(c.mint(), previous));
        touched.put(c.mint(), c);
        if (previous == null && !c.migrated()) {
            live.add(c.mint());
        } else if (previous != null && c.migrated() && !previous.migrated()) {
            live.remove(c.mint());
        }
    }

    /** Drops a curve migrated long ago (no undo: blocks that old are never abandoned). */
    void forget(Pubkey mint) {
        curves.remove(mint);
    }

    Curve curve(Pubkey mint) {
        return curves.get(mint);
    }

    int liveCount() {
        return live.size();
    }

    List<Curve> all() {
        return List.copyOf(curves.values());
    }

    /** A random curve that still trades, or null after a few misses. */
    Curve randomTradable(ChainRandom random) {
        for (int tries = 0; tries < 8 && !live.isEmpty(); tries++) {
            Curve c = curves.get(live.get(random.below(live.size())));
            if (!c.complete()) {
                return c;
            }
        }
        return null;
    }

    /** Complete curves that waited at least {@code delaySlots} since completing, oldest first. */
    List<Curve> readyToMigrate(long slot, int delaySlots) {
        List<Curve> out = new ArrayList<>(2);
        for (Pubkey m : live) {
            Curve c = curves.get(m);
            if (c.complete() && !c.migrated() && slot - c.completedSlot() >= delaySlots) {
                out.add(c);
            }
        }
        return out;
    }

    static Curve newCurve(Pubkey mint, Pubkey creator, String name, String symbol, String uri) {
        Pubkey curve = SolanaPrograms.bondingCurve(mint);
        return new Curve(mint, curve, SolanaPrograms.associatedTokenAccount(curve, SolanaPrograms.TOKEN_2022, mint), creator,
                SolanaPrograms.creatorVault(creator), name, symbol, uri, INITIAL_VIRTUAL_TOKEN_RESERVES,
                INITIAL_VIRTUAL_SOL_RESERVES, INITIAL_REAL_TOKEN_RESERVES, 0, false, false, -1, List.of());
    }

    /**
     * The program's buy of {@code tokenAmount} (capped at the real reserves left): cost
     * {@code floor(amount * vsol / (vtok - amount)) + 1}, fees rounded up.
     */
    static BuyQuote quoteBuy(Curve c, long tokenAmount) {
        long amount = Math.min(tokenAmount, c.realTokenReserves());
        long cost = mulDiv(amount, c.virtualSolReserves(), c.virtualTokenReserves() - amount) + 1;
        return new BuyQuote(amount, cost, feeOf(cost, FEE_BASIS_POINTS), feeOf(cost, CREATOR_FEE_BASIS_POINTS),
                amount == c.realTokenReserves());
    }

    /** Tokens that {@code lamports} buy before fees: {@code floor(lamports * vtok / (vsol + lamports))}. */
    static long tokensFor(Curve c, long lamports) {
        return mulDiv(lamports, c.virtualTokenReserves(), c.virtualSolReserves() + lamports);
    }

    /** The program's sell: {@code floor(amount * vsol / (vtok + amount))}, fees rounded up. */
    static SellQuote quoteSell(Curve c, long tokenAmount) {
        long out = mulDiv(tokenAmount, c.virtualSolReserves(), c.virtualTokenReserves() + tokenAmount);
        out = Math.min(out, c.realSolReserves());
        return new SellQuote(tokenAmount, out, feeOf(out, FEE_BASIS_POINTS), feeOf(out, CREATOR_FEE_BASIS_POINTS));
    }

    static Curve afterBuy(Curve c, BuyQuote q, Pubkey user, Pubkey userTokenAccount, long slot) {
        long rtok = c.realTokenReserves() - q.tokenAmount();
        return c.withReserves(c.virtualTokenReserves() - q.tokenAmount(), c.virtualSolReserves() + q.solCost(), rtok,
                c.realSolReserves() + q.solCost(), rtok == 0, slot, credit(c.holders(), user, userTokenAccount, q.tokenAmount()));
    }

    static Curve afterSell(Curve c, SellQuote q, Pubkey user, long slot) {
        return c.withReserves(c.virtualTokenReserves() + q.tokenAmount(), c.virtualSolReserves() - q.solOutput(),
                c.realTokenReserves() + q.tokenAmount(), c.realSolReserves() - q.solOutput(), false, slot,
                credit(c.holders(), user, null, -q.tokenAmount()));
    }

    private static List<Holder> credit(List<Holder> holders, Pubkey user, Pubkey tokenAccount, long delta) {
        List<Holder> out = new ArrayList<>(holders.size() + 1);
        boolean found = false;
        for (Holder h : holders) {
            if (h.user().equals(user)) {
                found = true;
                long amount = h.amount() + delta;
                if (amount > 0) {
                    out.add(new Holder(user, h.tokenAccount(), amount));
                }
            } else {
                out.add(h);
            }
        }
        if (!found && delta > 0) {
            out.add(new Holder(user, tokenAccount, delta));
        }
        return List.copyOf(out);
    }

    static long feeOf(long amount, long basisPoints) {
        return mulDiv(amount, basisPoints, 10_000) + (mulMod(amount, basisPoints, 10_000) == 0 ? 0 : 1);
    }

    /** floor(a * b / c) for non-negative values, exact past 64 bits. */
    static long mulDiv(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi == 0 && lo >= 0) {
            return lo / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    private static long mulMod(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi == 0 && lo >= 0) {
            return lo % c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(c)).longValue();
    }
}
