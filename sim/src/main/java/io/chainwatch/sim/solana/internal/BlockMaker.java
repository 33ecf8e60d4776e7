package io.chainwatch.sim.solana.internal;

import static io.chainwatch.sim.solana.SolanaPrograms.PUMP;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_AMM;
import static io.chainwatch.sim.solana.SolanaPrograms.TOKEN_2022;

import io.chainwatch.sim.solana.PumpActivity;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import io.chainwatch.sim.solana.internal.PumpMarket.BuyQuote;
import io.chainwatch.sim.solana.internal.PumpMarket.Curve;
import io.chainwatch.sim.solana.internal.PumpMarket.Holder;
import io.chainwatch.sim.solana.internal.PumpMarket.SellQuote;
import io.chainwatch.sim.solana.internal.PumpTransactions.Trade;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides what one slot's block holds and makes it: migrations of curves that completed a while
 * ago, new curves, trades (some routed, some failing), plain transfers, and the account states the
 * block leaves. Moves the market on; the caller keeps the returned undo log until the block is
 * confirmed.
 *
 * <p>Owned by the simulator thread; not thread-safe.
 */
final class BlockMaker {
    private static final int USERS = 256;
    private static final int LEADERS = 8;
    private static final long LAMPORTS_PER_SOL = 1_000_000_000L;
    private static final int TOKEN_ACCOUNT_CACHE = 100_000;
    /**
     * Migrated curves kept (with their curve and pool accounts) before the oldest are forgotten: a
     * node keeps every account, but a load run migrates thousands a second and the heap is bounded.
     */
    static final int MAX_RETIRED_CURVES = 50_000;
    private static final String[] WORDS = {"Moon", "Cat", "Dog", "Pepe", "Frog", "Based", "Giga", "Turbo", "Sim", "Chain", "Watch",
        "Pump", "Degen", "Wif", "Hat", "Rocket", "Solana", "Bonk", "Mochi", "Chad"};

    /**
     * A made block, what to undo if a fork abandons it, and the accounts of curves migrated so long
     * ago that the simulator forgets them.
     */
    record Made(SolBlock block, PumpMarket.BlockUndo undo, List<Pubkey> forgotten) {
    }

    private record Retired(Pubkey mint, Pubkey curve, Pubkey pool) {
    }

    private final ChainRandom random;
    private final PumpActivity activity;
    private final PumpMarket market;
    private final PumpTransactions txs;
    private final InstantSource clock;
    private final List<Pubkey> users = new ArrayList<>(USERS);
    private final List<Pubkey> leaders = new ArrayList<>(LEADERS);
    private final Map<TokenAccountKey, Pubkey> tokenAccounts = new HashMap<>();
    private final ArrayDeque<Retired> retired = new ArrayDeque<>();
    private long curvesCreated;

    private record TokenAccountKey(Pubkey owner, Pubkey mint) {
    }

    BlockMaker(ChainRandom random, PumpActivity activity, PumpMarket market, InstantSource clock) {
        this.random = random;
        this.activity = activity;
        this.market = market;
        this.clock = clock;
        this.txs = new PumpTransactions(random, activity.layouts());
        for (int i = 0; i < USERS; i++) {
            users.add(random.key());
        }
        for (int i = 0; i < LEADERS; i++) {
            leaders.add(random.key());
        }
    }

    /** The first block: pump's Global account and the initial curves. */
    Made first(long slot, long blockHeight) {
        market.begin();
        long time = clock.instant().getEpochSecond();
        Pubkey previous = random.key();
        Pubkey blockhash = random.key();
        List<SolTx> made = new ArrayList<>();
        for (int i = 0; i < activity.initialCurves(); i++) {
            create(slot, time, previous, made);
        }
        List<AccountWrite> writes = new ArrayList<>();
        writes.add(new AccountWrite(SolanaPrograms.PUMP_GLOBAL, globalAccount()));
        return finish(slot, slot - 1, blockHeight, blockhash, previous, time, made, writes);
    }

    /** The next block on {@code parent}, at {@code slot}. */
    Made next(long slot, SolBlock parent) {
        market.begin();
        long time = Math.max(parent.blockTime(), clock.instant().getEpochSecond());
        Pubkey recent = parent.blockhash();
        List<SolTx> made = new ArrayList<>();
        List<AccountWrite> writes = new ArrayList<>();
        for (Curve c : market.readyToMigrate(slot, activity.migrationDelaySlots())) {
            PumpTransactions.MigrationAccounts m = PumpTransactions.MigrationAccounts.of(c);
            made.add(txs.migrate(c, time, recent, version(), m));
            market.put(c.migratedNow());
            retired.addLast(new Retired(c.mint(), c.curve(), m.pool()));
            byte[] pool = PumpLayouts.pool(m.poolBump(), 0, m.poolAuthority(), c.mint(), SolanaPrograms.WSOL_MINT, m.lpMint(),
                    m.poolBaseTokenAccount(), m.poolQuoteTokenAccount(), m.initialLiquidity(), c.creator());
            writes.add(new AccountWrite(m.pool(), new AccountData(PUMP_AMM, AccountData.rentExemptLamports(pool.length), pool, false,
                    AccountData.RENT_EXEMPT_EPOCH)));
        }
        int creates = random.poisson(activity.createsPerSlot());
        for (int i = 0; i < creates && market.liveCount() < activity.maxLiveCurves(); i++) {
            create(slot, time, recent, made);
        }
        int trades = random.poisson(activity.tradesPerSlot());
        for (int i = 0; i < trades; i++) {
            trade(slot, time, recent, made);
        }
        int others = random.poisson(activity.otherTxPerSlot());
        for (int i = 0; i < others; i++) {
            SolTx t = txs.transfer(user(), random.key(), random.logUniform(1_000_000, 5 * LAMPORTS_PER_SOL), recent, version());
            made.add(random.below(made.size() + 1), t);
        }
        return finish(slot, parent.slot(), parent.blockHeight() + 1, random.key(), parent.blockhash(), time, made, writes);
    }

    private Made finish(long slot, long parentSlot, long height, Pubkey blockhash, Pubkey previous, long time, List<SolTx> made,
            List<AccountWrite> writes) {
        PumpMarket.BlockUndo undo = market.end();
        List<AccountWrite> all = new ArrayList<>(writes.size() + 8);
        for (Curve c : market.touched()) {
            all.add(new AccountWrite(c.curve(), new AccountData(PUMP, c.lamports(), c.accountData(), false, AccountData.RENT_EXEMPT_EPOCH)));
        }
        all.addAll(writes);
        long fees = 0;
        int events = 0;
        for (SolTx t : made) {
            fees += t.fee();
            events += t.genuineEvents();
        }
        Pubkey leader = leaders.get((int) Math.floorMod(slot / 4, (long) LEADERS)); // four slots per leader, as mainnet
        long reward = fees / 2;
        SolBlock block = new SolBlock(slot, parentSlot, height, blockhash, previous, time, List.copyOf(made), List.copyOf(all), leader,
                reward, 900 * LAMPORTS_PER_SOL + reward, events);
        return new Made(block, undo, forgetRetired());
    }

    /** Forgets the oldest migrated curves beyond the bound; a migration a fork undid is not forgotten. */
    private List<Pubkey> forgetRetired() {
        if (retired.size() <= MAX_RETIRED_CURVES) {
            return List.of();
        }
        List<Pubkey> forgotten = new ArrayList<>(4);
        while (retired.size() > MAX_RETIRED_CURVES) {
            Retired r = retired.pollFirst();
            Curve c = market.curve(r.mint());
            if (c != null && c.migrated()) {
                market.forget(r.mint());
                forgotten.add(r.curve());
                forgotten.add(r.pool());
            }
        }
        return forgotten;
    }

    private void create(long slot, long time, Pubkey recent, List<SolTx> made) {
        long n = ++curvesCreated;
        String first = WORDS[random.below(WORDS.length)];
        String second = WORDS[random.below(WORDS.length)];
        String name = first + " " + second + (n % 7 == 0 ? " \uD83D\uDE80" : ""); // some names carry an emoji, as many real ones do
        String symbol = (first + second).toUpperCase(Locale.ROOT).substring(0, Math.min(6, first.length() + second.length()));
        byte[] cid = new byte[34];
        random.generator().nextBytes(cid);
        cid[0] = 0x12;
        cid[1] = 0x20;
        String uri = "https://ipfs.io/ipfs/" + Base58.encode(cid);
        Pubkey creator = user();
        Curve fresh = PumpMarket.newCurve(random.key(), creator, name, symbol, uri);
        market.put(fresh);
        Trade devBuy = null;
        if (random.chance(0.5)) {
            long tokens = PumpMarket.tokensFor(fresh, random.logUniform(LAMPORTS_PER_SOL / 10, 3 * LAMPORTS_PER_SOL));
            BuyQuote q = PumpMarket.quoteBuy(fresh, tokens);
            devBuy = PumpTransactions.buy(fresh, q, creator, tokenAccount(creator, fresh.mint()), slot);
            market.put(devBuy.after());
        }
        made.add(txs.create(fresh, creator, devBuy, time, recent, version()));
    }

    private void trade(long slot, long time, Pubkey recent, List<SolTx> made) {
        Curve c = market.randomTradable(random);
        if (c == null) {
            return;
        }
        Trade t = c.holders().isEmpty() || random.chance(0.65) ? buy(c, slot) : sell(c, slot);
        if (t == null) {
            return;
        }
        int version = version();
        if (random.chance(activity.failedShare())) {
            // A failed transaction changes nothing but the fee payer's balance.
            made.add(t.isBuy() && random.chance(0.5) ? txs.slippageFailure(t, recent, version) : txs.trade(t, time, recent, version, true));
            return;
        }
        market.put(t.after());
        made.add(t.isBuy() && random.chance(activity.routerShare()) ? txs.routedBuy(t, time, recent, version)
                : txs.trade(t, time, recent, version, false));
    }

    private Trade buy(Curve c, long slot) {
        Pubkey user = user();
        if (c.holders().size() >= PumpMarket.MAX_HOLDERS && c.holder(user) == null) {
            user = c.holders().get(random.below(c.holders().size())).user();
        }
        long tokens = random.chance(activity.completionChance()) ? c.realTokenReserves()
                : PumpMarket.tokensFor(c, random.logUniform(LAMPORTS_PER_SOL / 100, 3 * LAMPORTS_PER_SOL));
        if (tokens <= 0) {
            return null;
        }
        Holder h = c.holder(user);
        Pubkey account = h != null ? h.tokenAccount() : tokenAccount(user, c.mint());
        return PumpTransactions.buy(c, PumpMarket.quoteBuy(c, tokens), user, account, slot);
    }

    private Trade sell(Curve c, long slot) {
        Holder h = c.holders().get(random.below(c.holders().size()));
        long amount = random.chance(0.3) ? h.amount() : Math.max(1, h.amount() / (2 + random.below(8)));
        SellQuote q = PumpMarket.quoteSell(c, amount);
        if (q.solOutput() <= 0) {
            return null;
        }
        return PumpTransactions.sell(c, q, h, slot);
    }

    private Pubkey user() {
        return users.get(random.below(users.size()));
    }

    private int version() {
        return random.chance(activity.versionedShare()) ? 0 : -1;
    }

    private Pubkey tokenAccount(Pubkey owner, Pubkey mint) {
        if (tokenAccounts.size() > TOKEN_ACCOUNT_CACHE) {
            tokenAccounts.clear();
        }
        return tokenAccounts.computeIfAbsent(new TokenAccountKey(owner, mint),
                k -> SolanaPrograms.associatedTokenAccount(k.owner(), TOKEN_2022, k.mint()));
    }

    private AccountData globalAccount() {
        Pubkey[] recipients = new Pubkey[7];
        recipients[0] = SolanaPrograms.FEE_RECIPIENT;
        for (int i = 1; i < 7; i++) {
            recipients[i] = random.key();
        }
        byte[] data = PumpLayouts.global(random.key(), SolanaPrograms.FEE_RECIPIENT, recipients, SolanaPrograms.MIGRATION_AUTHORITY,
                PumpMarket.INITIAL_VIRTUAL_TOKEN_RESERVES, PumpMarket.INITIAL_VIRTUAL_SOL_RESERVES,
                PumpMarket.INITIAL_REAL_TOKEN_RESERVES, PumpMarket.TOKEN_TOTAL_SUPPLY, PumpMarket.FEE_BASIS_POINTS,
                PumpMarket.POOL_MIGRATION_FEE, PumpMarket.CREATOR_FEE_BASIS_POINTS);
        return new AccountData(PUMP, AccountData.rentExemptLamports(data.length), data, false, AccountData.RENT_EXEMPT_EPOCH);
    }
}
