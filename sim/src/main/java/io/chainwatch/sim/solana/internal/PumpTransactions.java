package io.chainwatch.sim.solana.internal;

import static io.chainwatch.sim.solana.SolanaPrograms.ASSOCIATED_TOKEN;
import static io.chainwatch.sim.solana.SolanaPrograms.COMPUTE_BUDGET;
import static io.chainwatch.sim.solana.SolanaPrograms.FEE_RECIPIENT;
import static io.chainwatch.sim.solana.SolanaPrograms.MAYHEM;
import static io.chainwatch.sim.solana.SolanaPrograms.MIGRATION_AUTHORITY;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_AMM;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_AMM_EVENT_AUTHORITY;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_AMM_GLOBAL_CONFIG;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_EVENT_AUTHORITY;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_FEES;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_FEE_CONFIG;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_GLOBAL;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_GLOBAL_VOLUME_ACCUMULATOR;
import static io.chainwatch.sim.solana.SolanaPrograms.PUMP_MINT_AUTHORITY;
import static io.chainwatch.sim.solana.SolanaPrograms.RENT;
import static io.chainwatch.sim.solana.SolanaPrograms.ROUTER;
import static io.chainwatch.sim.solana.SolanaPrograms.SYSTEM;
import static io.chainwatch.sim.solana.SolanaPrograms.TOKEN;
import static io.chainwatch.sim.solana.SolanaPrograms.TOKEN_2022;
import static io.chainwatch.sim.solana.SolanaPrograms.WSOL_MINT;

import io.chainwatch.sim.solana.EventLayouts;
import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import io.chainwatch.sim.solana.internal.PumpMarket.BuyQuote;
import io.chainwatch.sim.solana.internal.PumpMarket.Curve;
import io.chainwatch.sim.solana.internal.PumpMarket.SellQuote;
import io.chainwatch.sim.solana.internal.TxBuilder.Meta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds pump.fun transactions as mainnet shows them: compute-budget instructions first, then the
 * pump instruction with its CPIs (fee program, token transfers, system transfers), the events both
 * as {@code Program data:} log lines and as self-CPI instructions to the event authority, and the
 * log lines of the whole invoke stack. Also the decoys and failures decoders must handle: trades
 * wrapped by {@link SolanaPrograms#ROUTER} (which logs its own TradeEvent-shaped event), failed
 * slippage checks, and transactions that fail after pump logged its event.
 *
 * <p>Owned by the simulator thread; not thread-safe (caches derived addresses, reuses one builder).
 *
 * <p>One class (over 400 lines) because every shape shares the same pieces (compute budget, fee
 * query, transfers, event emission, token-account creation), and keeping them private here keeps
 * the transaction shapes consistent with one another.
 */
final class PumpTransactions {
    private static final String ANCHOR_ERROR_6002 = "AnchorError thrown in programs/pump/src/lib.rs:595. Error Code: TooMuchSolRequired. "
            + "Error Number: 6002. Error Message: slippage: Too much SOL required to buy the given amount of tokens..";
    static final String ERR_SLIPPAGE_AT_2 = "{\"InstructionError\":[2,{\"Custom\":6002}]}";
    static final String ERR_ROUTER_AT_3 = "{\"InstructionError\":[3,{\"Custom\":1}]}";
    private static final long COMPUTE_UNIT_LIMIT = 200_000;
    private static final byte[] ROUTE_IX = ProgramAddress.discriminator("global:route");
    private static final byte[] CHECK_IX = ProgramAddress.discriminator("global:check_profit");
    private static final Pubkey ROUTER_EVENT_AUTHORITY = ProgramAddress.find(ROUTER, "__event_authority");
    private static final Pubkey MAYHEM_GLOBAL_PARAMS = ProgramAddress.find(MAYHEM, "global-params");
    private static final Pubkey MAYHEM_SOL_VAULT = ProgramAddress.find(MAYHEM, "sol-vault");

    /** What one trade does, as the program computed it. */
    record Trade(Pubkey user, Pubkey userTokenAccount, Curve before, Curve after, boolean isBuy, long tokenAmount, long solAmount,
            long fee, long creatorFee, long userTokensBefore) {
    }

    private final ChainRandom random;
    private final EventLayouts layouts;
    private final Map<Pubkey, Pubkey> volumeAccumulators = new HashMap<>();
    /** The one builder, reused for every transaction: each shape builds its transaction to the end before the next starts. */
    private final TxBuilder builder = new TxBuilder();

    PumpTransactions(ChainRandom random, EventLayouts layouts) {
        this.random = random;
        this.layouts = layouts;
    }

    static Trade buy(Curve before, BuyQuote q, Pubkey user, Pubkey userTokenAccount, long slot) {
        PumpMarket.Holder h = before.holder(user);
        Curve after = PumpMarket.afterBuy(before, q, user, userTokenAccount, slot);
        return new Trade(user, userTokenAccount, before, after, true, q.tokenAmount(), q.solCost(), q.fee(), q.creatorFee(),
                h == null ? 0 : h.amount());
    }

    static Trade sell(Curve before, SellQuote q, PumpMarket.Holder seller, long slot) {
        Curve after = PumpMarket.afterSell(before, q, seller.user(), slot);
        return new Trade(seller.user(), seller.tokenAccount(), before, after, false, q.tokenAmount(), q.solOutput(), q.fee(),
                q.creatorFee(), seller.amount());
    }

    // ---- trades -------------------------------------------------------------------------------

    /** A buy or sell sent straight to pump; with {@code lateFailure} a router check after it fails the transaction. */
    SolTx trade(Trade t, long timestamp, Pubkey blockhash, int version, boolean lateFailure) {
        TxBuilder b = budgeted(t.user());
        int ix = b.outer(PUMP, tradeAccounts(t), tradeData(t));
        pumpTrade(b, ix, t, timestamp);
        String err = null;
        if (lateFailure) {
            int check = b.outer(ROUTER, List.of(Meta.ws(t.user()), Meta.r(t.after().curve())), CHECK_IX);
            b.logs.invoke(ROUTER);
            b.logs.log("Instruction: CheckProfit");
            b.logs.spend(1_204);
            b.logs.log("Error: profit below the minimum");
            b.logs.fail("custom program error: 0x1");
            err = check == 3 ? ERR_ROUTER_AT_3 : "{\"InstructionError\":[" + check + ",{\"Custom\":1}]}";
        }
        return b.build(random.generator(), version, blockhash, err, priorityFee());
    }

    /** A buy whose cost exceeds the user's max_sol_cost: the program fails with TooMuchSolRequired and logs no event. */
    SolTx slippageFailure(Trade t, Pubkey blockhash, int version) {
        TxBuilder b = budgeted(t.user());
        long tooLittle = Math.max(1, t.solAmount() / 2);
        b.outer(PUMP, tradeAccounts(t), PumpLayouts.buyInstruction(t.tokenAmount(), tooLittle));
        b.logs.invoke(PUMP);
        b.logs.log("Instruction: Buy");
        b.logs.spend(8_311);
        getFees(b, 2);
        b.logs.spend(4_120);
        b.balanceBefore(t.before().curve(), t.before().lamports());
        b.logs.log(ANCHOR_ERROR_6002);
        b.logs.fail("custom program error: 0x1772");
        return b.build(random.generator(), version, blockhash, ERR_SLIPPAGE_AT_2, priorityFee());
    }

    /** A buy through the router: pump's genuine TradeEvent one level down, then the router's decoy with the same discriminator. */
    SolTx routedBuy(Trade t, long timestamp, Pubkey blockhash, int version) {
        TxBuilder b = budgeted(t.user());
        List<Meta> accounts = new java.util.ArrayList<>(tradeAccounts(t));
        accounts.addFirst(Meta.r(PUMP));
        accounts.add(Meta.r(ROUTER_EVENT_AUTHORITY));
        byte[] routeData = new BorshWriter(24).raw(ROUTE_IX).u64(t.solAmount() + t.fee() + t.creatorFee()).u64(t.tokenAmount()).toArray();
        int ix = b.outer(ROUTER, accounts, routeData);
        b.logs.invoke(ROUTER);
        b.logs.log("Instruction: Route");
        b.logs.spend(6_800);
        b.logs.invoke(PUMP);
        b.inner(ix, PUMP, tradeAccounts(t), tradeData(t));
        PumpEvent.Trade genuine = pumpTradeBody(b, ix, t, timestamp);
        b.logs.success();
        PumpEvent.Trade decoy = decoyOf(genuine, t);
        byte[] decoyBytes = PumpLayouts.trade(decoy);
        b.logs.data(decoyBytes);
        b.logs.invoke(ROUTER);
        b.innerEvent(ix, ROUTER, List.of(Meta.r(ROUTER_EVENT_AUTHORITY)));
        b.logs.spend(1_977);
        b.logs.success();
        b.event(decoy);
        b.logs.spend(3_100);
        b.logs.success();
        return b.build(random.generator(), version, blockhash, null, priorityFee());
    }

    private void pumpTrade(TxBuilder b, int ix, Trade t, long timestamp) {
        b.logs.invoke(PUMP);
        pumpTradeBody(b, ix, t, timestamp);
        b.logs.success();
    }

    /** The trade with pump on top of the stack: fees, transfers, events; leaves pump on top. Returns the TradeEvent. */
    private PumpEvent.Trade pumpTradeBody(TxBuilder b, int ix, Trade t, long timestamp) {
        Curve c = t.before();
        Curve a = t.after();
        int depth = b.logs.depth();
        b.logs.log(t.isBuy() ? "Instruction: Buy" : "Instruction: Sell");
        b.logs.spend(9_512);
        getFees(b, ix);
        // Tokens move between the curve's token account and the user's.
        Pubkey from = t.isBuy() ? c.curveTokenAccount() : t.userTokenAccount();
        Pubkey to = t.isBuy() ? t.userTokenAccount() : c.curveTokenAccount();
        Pubkey authority = t.isBuy() ? c.curve() : t.user();
        b.logs.invoke(TOKEN_2022);
        b.inner(ix, TOKEN_2022, List.of(Meta.w(from), Meta.r(c.mint()), Meta.w(to), Meta.r(authority)),
                new BorshWriter(10).u8(12).u64(t.tokenAmount()).u8(PumpMarket.TOKEN_DECIMALS).toArray());
        b.logs.log("Instruction: TransferChecked");
        b.logs.spend(2_475);
        b.logs.success();
        if (t.isBuy()) {
            systemTransfer(b, ix, t.user(), c.curve(), t.solAmount());
            systemTransfer(b, ix, t.user(), FEE_RECIPIENT, t.fee());
            systemTransfer(b, ix, t.user(), c.creatorVault(), t.creatorFee());
        } else {
            // The curve is pump's own account: the program moves its lamports without a System transfer.
            b.lamports(c.curve(), -t.solAmount());
            b.lamports(t.user(), t.solAmount() - t.fee() - t.creatorFee());
            b.lamports(FEE_RECIPIENT, t.fee());
            b.lamports(c.creatorVault(), t.creatorFee());
        }
        b.balanceBefore(c.curve(), c.lamports());
        b.tokenBalance(c.curveTokenAccount(), c.mint(), c.curve(), TOKEN_2022, c.tokensHeld(), a.tokensHeld());
        long userAfter = t.userTokensBefore() + (t.isBuy() ? t.tokenAmount() : -t.tokenAmount());
        b.tokenBalance(t.userTokenAccount(), c.mint(), t.user(), TOKEN_2022, t.userTokensBefore(), userAfter);
        b.logs.spend(14_880);
        PumpEvent.Trade trade = tradeEvent(t, timestamp);
        emit(b, ix, PUMP, PUMP_EVENT_AUTHORITY, trade, PumpLayouts.trade(trade));
        if (t.isBuy() && a.complete() && !c.complete()) {
            PumpEvent.Complete done = completeEvent(t.user(), a, timestamp);
            emit(b, ix, PUMP, PUMP_EVENT_AUTHORITY, done, PumpLayouts.complete(done));
        }
        b.logs.spend(3_300 + depth);
        return trade;
    }

    private List<Meta> tradeAccounts(Trade t) {
        Curve c = t.before();
        if (t.isBuy()) {
            return List.of(Meta.r(PUMP_GLOBAL), Meta.w(FEE_RECIPIENT), Meta.r(c.mint()), Meta.w(c.curve()), Meta.w(c.curveTokenAccount()),
                    Meta.w(t.userTokenAccount()), Meta.ws(t.user()), Meta.r(SYSTEM), Meta.r(TOKEN_2022), Meta.w(c.creatorVault()),
                    Meta.r(PUMP_EVENT_AUTHORITY), Meta.r(PUMP), Meta.r(PUMP_GLOBAL_VOLUME_ACCUMULATOR),
                    Meta.w(volumeAccumulator(t.user())), Meta.r(PUMP_FEE_CONFIG), Meta.r(PUMP_FEES));
        }
        return List.of(Meta.r(PUMP_GLOBAL), Meta.w(FEE_RECIPIENT), Meta.r(c.mint()), Meta.w(c.curve()), Meta.w(c.curveTokenAccount()),
                Meta.w(t.userTokenAccount()), Meta.ws(t.user()), Meta.r(SYSTEM), Meta.w(c.creatorVault()), Meta.r(TOKEN_2022),
                Meta.r(PUMP_EVENT_AUTHORITY), Meta.r(PUMP), Meta.r(PUMP_FEE_CONFIG), Meta.r(PUMP_FEES));
    }

    private static byte[] tradeData(Trade t) {
        if (t.isBuy()) {
            long maxCost = t.solAmount() + t.solAmount() / 10; // 10% slippage allowed
            return PumpLayouts.buyInstruction(t.tokenAmount(), maxCost);
        }
        return PumpLayouts.sellInstruction(t.tokenAmount(), t.solAmount() - t.solAmount() / 10);
    }

    private PumpEvent.Trade tradeEvent(Trade t, long timestamp) {
        Curve a = t.after();
        String ixName = t.isBuy() ? "buy" : "sell";
        int bytes = switch (layouts) {
            case MAINNET -> PumpLayouts.tradeMainnet(ixName);
            case MIXED -> switch (random.below(4)) {
                case 0 -> PumpLayouts.TRADE_V1;
                case 1 -> PumpLayouts.TRADE_V2;
                case 2 -> PumpLayouts.tradeMainnet(ixName);
                default -> PumpLayouts.tradeFull(ixName);
            };
        };
        boolean v2 = bytes > PumpLayouts.TRADE_V1;
        boolean v3 = bytes > PumpLayouts.TRADE_V2;
        boolean full = bytes > PumpLayouts.tradeMainnet(ixName);
        Pubkey zero = Pubkey.ZERO;
        return new PumpEvent.Trade(PUMP, bytes, a.mint(), t.solAmount(), t.tokenAmount(), t.isBuy(), t.user(), timestamp,
                a.virtualSolReserves(), a.virtualTokenReserves(), a.realSolReserves(), a.realTokenReserves(),
                v2 ? FEE_RECIPIENT : zero, v2 ? PumpMarket.FEE_BASIS_POINTS : 0, v2 ? t.fee() : 0, v2 ? a.creator() : zero,
                v2 ? PumpMarket.CREATOR_FEE_BASIS_POINTS : 0, v2 ? t.creatorFee() : 0, false, 0, 0, 0, 0,
                v3 ? ixName : "", false, 0, 0, 0, 0, full ? WSOL_MINT : zero, full ? t.solAmount() : 0,
                full ? a.virtualSolReserves() : 0, full ? a.realSolReserves() : 0, 0, 0);
    }

    /** The router's own view of the trade: gross SOL, no reserves, its own ix_name; pump's discriminator. */
    private static PumpEvent.Trade decoyOf(PumpEvent.Trade g, Trade t) {
        long gross = t.solAmount() + t.fee() + t.creatorFee();
        return new PumpEvent.Trade(ROUTER, PumpLayouts.tradeMainnet("route"), g.mint(), gross, g.tokenAmount(), true, g.user(),
                g.timestamp(), 0, 0, 0, 0, ROUTER_EVENT_AUTHORITY, 0, 0, g.creator(), 0, 0, false, 0, 0, 0, 0, "route", false, 0, 0,
                0, 0, Pubkey.ZERO, 0, 0, 0, 0, 0);
    }

    private PumpEvent.Complete completeEvent(Pubkey user, Curve a, long timestamp) {
        int bytes = layouts == EventLayouts.MIXED && random.chance(0.5) ? PumpLayouts.COMPLETE_V1 : PumpLayouts.COMPLETE_FULL;
        return new PumpEvent.Complete(PUMP, bytes, user, a.mint(), a.curve(), timestamp, Pubkey.ZERO);
    }

    // ---- create -------------------------------------------------------------------------------

    /** create_v2 of a Token-2022 mint, optionally followed in the same transaction by the creator's first buy. */
    SolTx create(Curve created, Pubkey user, Trade devBuy, long timestamp, Pubkey blockhash, int version) {
        TxBuilder b = budgeted(user);
        b.account(Meta.ws(created.mint()));
        Pubkey mayhemState = ProgramAddress.find(MAYHEM, "mayhem-state", created.mint());
        Pubkey mayhemVault = SolanaPrograms.associatedTokenAccount(MAYHEM_SOL_VAULT, TOKEN_2022, created.mint());
        List<Meta> accounts = List.of(Meta.ws(created.mint()), Meta.r(PUMP_MINT_AUTHORITY), Meta.w(created.curve()),
                Meta.w(created.curveTokenAccount()), Meta.r(PUMP_GLOBAL), Meta.ws(user), Meta.r(SYSTEM), Meta.r(TOKEN_2022),
                Meta.r(ASSOCIATED_TOKEN), Meta.w(MAYHEM), Meta.r(MAYHEM_GLOBAL_PARAMS), Meta.w(MAYHEM_SOL_VAULT),
                Meta.w(mayhemState), Meta.w(mayhemVault), Meta.r(PUMP_EVENT_AUTHORITY), Meta.r(PUMP));
        int ix = b.outer(PUMP, accounts,
                PumpLayouts.createV2Instruction(created.name(), created.symbol(), created.uri(), created.creator()));
        b.logs.invoke(PUMP);
        b.logs.log("Instruction: CreateV2");
        b.logs.spend(12_040);
        long mintRent = AccountData.rentExemptLamports(82);
        systemCall(b, ix, List.of(Meta.ws(user), Meta.ws(created.mint())), createAccountData(mintRent, 82, TOKEN_2022));
        b.lamports(user, -mintRent);
        tokenCall(b, ix, List.of(Meta.w(created.mint())), new byte[] {20}, "Instruction: InitializeMint2", 2_100);
        systemCall(b, ix, List.of(Meta.ws(user), Meta.w(created.curve())),
                createAccountData(PumpMarket.CURVE_RENT, PumpLayouts.BONDING_CURVE_SPACE, PUMP));
        b.lamports(user, -PumpMarket.CURVE_RENT);
        createTokenAccount(b, ix, user, created.curveTokenAccount(), created.curve(), created.mint());
        tokenCall(b, ix, List.of(Meta.w(created.mint()), Meta.w(created.curveTokenAccount()), Meta.r(PUMP_MINT_AUTHORITY)),
                new BorshWriter(9).u8(7).u64(PumpMarket.TOKEN_TOTAL_SUPPLY).toArray(), "Instruction: MintTo", 1_610);
        b.logs.spend(20_150);
        PumpEvent.Create event = createEvent(created, user, timestamp);
        emit(b, ix, PUMP, PUMP_EVENT_AUTHORITY, event, PumpLayouts.create(event));
        b.logs.success();
        if (devBuy != null) {
            int ata = b.outer(ASSOCIATED_TOKEN, List.of(Meta.ws(user), Meta.w(devBuy.userTokenAccount()), Meta.r(user),
                    Meta.r(created.mint()), Meta.r(SYSTEM), Meta.r(TOKEN_2022)), new byte[] {1});
            b.logs.invoke(ASSOCIATED_TOKEN);
            createTokenAccountBody(b, ata, user, devBuy.userTokenAccount(), created.mint());
            b.logs.success();
            int buy = b.outer(PUMP, tradeAccounts(devBuy), tradeData(devBuy));
            pumpTrade(b, buy, devBuy, timestamp);
        }
        return b.build(random.generator(), version, blockhash, null, priorityFee());
    }

    private PumpEvent.Create createEvent(Curve c, Pubkey user, long timestamp) {
        int bytes = switch (layouts) {
            case MAINNET -> PumpLayouts.createMainnet(c.name(), c.symbol(), c.uri());
            case MIXED -> switch (random.below(3)) {
                case 0 -> PumpLayouts.createV1(c.name(), c.symbol(), c.uri());
                case 1 -> PumpLayouts.createMainnet(c.name(), c.symbol(), c.uri());
                default -> PumpLayouts.createFull(c.name(), c.symbol(), c.uri());
            };
        };
        boolean v2 = bytes > PumpLayouts.createV1(c.name(), c.symbol(), c.uri());
        boolean full = bytes > PumpLayouts.createMainnet(c.name(), c.symbol(), c.uri());
        Pubkey zero = Pubkey.ZERO;
        return new PumpEvent.Create(PUMP, bytes, c.name(), c.symbol(), c.uri(), c.mint(), c.curve(), user, v2 ? c.creator() : zero,
                v2 ? timestamp : 0, v2 ? c.virtualTokenReserves() : 0, v2 ? c.virtualSolReserves() : 0,
                v2 ? c.realTokenReserves() : 0, v2 ? PumpMarket.TOKEN_TOTAL_SUPPLY : 0, v2 ? TOKEN_2022 : zero, false, false,
                full ? WSOL_MINT : zero, full ? c.virtualSolReserves() : 0, 0, false);
    }

    // ---- migration ----------------------------------------------------------------------------

    /** pump's migrate of a complete curve: PumpSwap's create_pool (CreatePoolEvent), then CompletePumpAmmMigrationEvent. */
    SolTx migrate(Curve c, long timestamp, Pubkey blockhash, int version, MigrationAccounts m) {
        Pubkey user = MIGRATION_AUTHORITY;
        TxBuilder b = budgeted(user);
        List<Meta> accounts = List.of(Meta.r(PUMP_GLOBAL), Meta.w(MIGRATION_AUTHORITY), Meta.r(c.mint()), Meta.w(c.curve()),
                Meta.w(c.curveTokenAccount()), Meta.ws(user), Meta.r(SYSTEM), Meta.r(TOKEN), Meta.r(PUMP_AMM), Meta.w(m.pool()),
                Meta.w(m.poolAuthority()), Meta.w(m.poolAuthorityMintAccount()), Meta.w(m.poolAuthorityWsolAccount()),
                Meta.r(PUMP_AMM_GLOBAL_CONFIG), Meta.r(WSOL_MINT), Meta.w(m.lpMint()), Meta.w(m.userPoolTokenAccount()),
                Meta.w(m.poolBaseTokenAccount()), Meta.w(m.poolQuoteTokenAccount()), Meta.r(TOKEN_2022), Meta.r(ASSOCIATED_TOKEN),
                Meta.r(PUMP_AMM_EVENT_AUTHORITY), Meta.r(PUMP_EVENT_AUTHORITY), Meta.r(PUMP), Meta.r(RENT));
        int ix = b.outer(PUMP, accounts, PumpLayouts.migrateInstruction());
        long tokens = c.tokensHeld();
        long sol = c.realSolReserves() - PumpMarket.POOL_MIGRATION_FEE;
        b.logs.invoke(PUMP);
        b.logs.log("Instruction: Migrate");
        b.logs.spend(18_220);
        b.logs.invoke(PUMP_AMM);
        b.inner(ix, PUMP_AMM, List.of(Meta.w(m.pool()), Meta.r(PUMP_AMM_GLOBAL_CONFIG), Meta.w(m.poolAuthority()), Meta.r(c.mint()),
                Meta.r(WSOL_MINT), Meta.w(m.lpMint()), Meta.w(m.poolAuthorityMintAccount()), Meta.w(m.poolAuthorityWsolAccount()),
                Meta.w(m.userPoolTokenAccount()), Meta.w(m.poolBaseTokenAccount()), Meta.w(m.poolQuoteTokenAccount()),
                Meta.r(SYSTEM), Meta.r(TOKEN_2022), Meta.r(TOKEN_2022), Meta.r(TOKEN), Meta.r(ASSOCIATED_TOKEN),
                Meta.r(PUMP_AMM_EVENT_AUTHORITY), Meta.r(PUMP_AMM)),
                new BorshWriter(64).raw(PumpLayouts.CREATE_POOL_IX).u16(0).u64(tokens).u64(sol).pubkey(c.creator()).bool(false)
                        .bool(false).u64(0).bool(false).bool(false).toArray());
        b.logs.log("Instruction: CreatePool");
        b.logs.spend(21_400);
        systemCall(b, ix, List.of(Meta.ws(user), Meta.w(m.pool())),
                createAccountData(AccountData.rentExemptLamports(m.poolSpace()), m.poolSpace(), PUMP_AMM));
        tokenCall(b, ix, List.of(Meta.w(m.poolAuthorityMintAccount()), Meta.r(c.mint()), Meta.w(m.poolBaseTokenAccount()),
                Meta.r(m.poolAuthority())), new BorshWriter(10).u8(12).u64(tokens).u8(PumpMarket.TOKEN_DECIMALS).toArray(),
                "Instruction: TransferChecked", 2_475);
        b.logs.invoke(TOKEN);
        b.inner(ix, TOKEN, List.of(Meta.w(m.poolAuthorityWsolAccount()), Meta.r(WSOL_MINT), Meta.w(m.poolQuoteTokenAccount()),
                Meta.r(m.poolAuthority())), new BorshWriter(10).u8(12).u64(sol).u8(9).toArray());
        b.logs.log("Instruction: TransferChecked");
        b.logs.spend(6_200);
        b.logs.success();
        b.logs.invoke(TOKEN);
        b.inner(ix, TOKEN, List.of(Meta.w(m.lpMint()), Meta.w(m.userPoolTokenAccount()), Meta.r(m.pool())),
                new BorshWriter(9).u8(7).u64(m.lpOut()).toArray());
        b.logs.log("Instruction: MintTo");
        b.logs.spend(4_492);
        b.logs.success();
        PumpEvent.PoolCreated pool = new PumpEvent.PoolCreated(PUMP_AMM, PumpLayouts.CREATE_POOL_FULL, timestamp, 0, m.poolAuthority(),
                c.mint(), WSOL_MINT, PumpMarket.TOKEN_DECIMALS, 9, tokens, sol, tokens, sol, MigrationAccounts.MINIMUM_LIQUIDITY,
                m.initialLiquidity(), m.lpOut(), m.poolBump(), m.pool(), m.lpMint(), m.poolAuthorityMintAccount(),
                m.poolAuthorityWsolAccount(), c.creator(), false, 0, false);
        emit(b, ix, PUMP_AMM, PUMP_AMM_EVENT_AUTHORITY, pool, PumpLayouts.poolCreated(pool));
        b.logs.success();
        b.lamports(c.curve(), -c.realSolReserves());
        b.lamports(m.poolQuoteTokenAccount(), sol);
        b.lamports(MIGRATION_AUTHORITY, PumpMarket.POOL_MIGRATION_FEE);
        b.balanceBefore(c.curve(), c.lamports());
        b.tokenBalance(c.curveTokenAccount(), c.mint(), c.curve(), TOKEN_2022, tokens, 0);
        int bytes = layouts == EventLayouts.MIXED && random.chance(0.5) ? PumpLayouts.MIGRATION_V1 : PumpLayouts.MIGRATION_FULL;
        PumpEvent.Migration done = new PumpEvent.Migration(PUMP, bytes, user, c.mint(), tokens, sol, PumpMarket.POOL_MIGRATION_FEE,
                c.curve(), timestamp, m.pool(), bytes == PumpLayouts.MIGRATION_FULL ? WSOL_MINT : Pubkey.ZERO);
        emit(b, ix, PUMP, PUMP_EVENT_AUTHORITY, done, PumpLayouts.migration(done));
        b.logs.spend(5_100);
        b.logs.success();
        return b.build(random.generator(), version, blockhash, null, priorityFee());
    }

    /** The accounts a migration creates, derived as the programs derive them. */
    record MigrationAccounts(Pubkey pool, int poolBump, Pubkey poolAuthority, Pubkey poolAuthorityMintAccount,
            Pubkey poolAuthorityWsolAccount, Pubkey lpMint, Pubkey userPoolTokenAccount, Pubkey poolBaseTokenAccount,
            Pubkey poolQuoteTokenAccount, long initialLiquidity, long lpOut, int poolSpace) {
        static final long MINIMUM_LIQUIDITY = 100;

        static MigrationAccounts of(Curve c) {
            Pubkey authority = ProgramAddress.find(PUMP, "pool-authority", c.mint());
            Pubkey pool = SolanaPrograms.pumpSwapPool(0, authority, c.mint());
            Pubkey lpMint = ProgramAddress.find(PUMP_AMM, "pool_lp_mint", pool);
            long sol = c.realSolReserves() - PumpMarket.POOL_MIGRATION_FEE;
            long liquidity = (long) Math.sqrt((double) c.tokensHeld() * (double) sol);
            return new MigrationAccounts(pool, 255, authority, SolanaPrograms.associatedTokenAccount(authority, TOKEN_2022, c.mint()),
                    SolanaPrograms.associatedTokenAccount(authority, TOKEN, WSOL_MINT), lpMint,
                    SolanaPrograms.associatedTokenAccount(authority, TOKEN_2022, lpMint),
                    SolanaPrograms.associatedTokenAccount(pool, TOKEN_2022, c.mint()),
                    SolanaPrograms.associatedTokenAccount(pool, TOKEN, WSOL_MINT), liquidity,
                    liquidity - MINIMUM_LIQUIDITY, 270);
        }
    }

    // ---- plain transfers ----------------------------------------------------------------------

    /** A SOL transfer that touches no pump account. */
    SolTx transfer(Pubkey from, Pubkey to, long lamports, Pubkey blockhash, int version) {
        TxBuilder b = builder.start(from, 450);
        b.outer(SYSTEM, List.of(Meta.ws(from), Meta.w(to)), transferData(lamports));
        b.logs.builtin(SYSTEM, 150);
        b.lamports(from, -lamports);
        b.lamports(to, lamports);
        return b.build(random.generator(), version, blockhash, null, 0);
    }

    // ---- pieces -------------------------------------------------------------------------------

    private TxBuilder budgeted(Pubkey payer) {
        TxBuilder b = builder.start(payer, COMPUTE_UNIT_LIMIT);
        b.outer(COMPUTE_BUDGET, List.of(), new BorshWriter(5).u8(2).u32(COMPUTE_UNIT_LIMIT).toArray());
        b.logs.builtin(COMPUTE_BUDGET, 150);
        b.outer(COMPUTE_BUDGET, List.of(), new BorshWriter(9).u8(3).u64(MICRO_LAMPORTS_PER_CU).toArray());
        b.logs.builtin(COMPUTE_BUDGET, 150);
        return b;
    }

    private static final long MICRO_LAMPORTS_PER_CU = 250_000;

    private static long priorityFee() {
        return (COMPUTE_UNIT_LIMIT * MICRO_LAMPORTS_PER_CU + 999_999) / 1_000_000;
    }

    /** pump asks the fee program for its fees; the answer comes back as return data. */
    private static void getFees(TxBuilder b, int ix) {
        b.logs.invoke(PUMP_FEES);
        b.inner(ix, PUMP_FEES, List.of(Meta.r(PUMP_FEE_CONFIG), Meta.r(PUMP_GLOBAL)), PumpLayouts.GET_FEES_IX);
        b.logs.log("Instruction: GetFees");
        b.logs.spend(3_136);
        b.logs.returnData(new BorshWriter(24).u64(0).u64(PumpMarket.FEE_BASIS_POINTS).u64(PumpMarket.CREATOR_FEE_BASIS_POINTS).toArray());
        b.logs.success();
    }

    /** Logs {@code event} as {@code Program data:} while {@code program} is on top, then emits it again as a self-CPI. */
    private static void emit(TxBuilder b, int ix, Pubkey program, Pubkey eventAuthority, PumpEvent event, byte[] bytes) {
        b.logs.data(bytes);
        b.logs.invoke(program);
        b.innerEvent(ix, program, List.of(Meta.r(eventAuthority)));
        b.logs.spend(2_054);
        b.logs.success();
        b.event(event);
    }

    private static void systemTransfer(TxBuilder b, int ix, Pubkey from, Pubkey to, long lamports) {
        systemCall(b, ix, List.of(Meta.ws(from), Meta.w(to)), transferData(lamports));
        b.lamports(from, -lamports);
        b.lamports(to, lamports);
    }

    private static void systemCall(TxBuilder b, int ix, List<Meta> accounts, byte[] data) {
        b.logs.invoke(SYSTEM);
        b.inner(ix, SYSTEM, accounts, data);
        b.logs.spend(150);
        b.logs.success(true);
    }

    private static void tokenCall(TxBuilder b, int ix, List<Meta> accounts, byte[] data, String log, long units) {
        b.logs.invoke(TOKEN_2022);
        b.inner(ix, TOKEN_2022, accounts, data);
        b.logs.log(log);
        b.logs.spend(units);
        b.logs.success();
    }

    /** The associated token program creating an account, with its nested token-program calls. */
    private static void createTokenAccount(TxBuilder b, int ix, Pubkey payer, Pubkey account, Pubkey owner, Pubkey mint) {
        b.logs.invoke(ASSOCIATED_TOKEN);
        b.inner(ix, ASSOCIATED_TOKEN, List.of(Meta.ws(payer), Meta.w(account), Meta.r(owner), Meta.r(mint), Meta.r(SYSTEM),
                Meta.r(TOKEN_2022)), new byte[0]);
        createTokenAccountBody(b, ix, payer, account, mint);
        b.logs.success();
    }

    private static void createTokenAccountBody(TxBuilder b, int ix, Pubkey payer, Pubkey account, Pubkey mint) {
        b.logs.log("Create");
        b.logs.spend(4_012);
        b.logs.invoke(TOKEN_2022);
        b.inner(ix, TOKEN_2022, List.of(Meta.r(mint)), new byte[] {21, 7, 0});
        b.logs.log("Instruction: GetAccountDataSize");
        b.logs.spend(1_078);
        b.logs.returnData(new BorshWriter(8).u64(170).toArray());
        b.logs.success();
        long rent = AccountData.rentExemptLamports(170);
        systemCall(b, ix, List.of(Meta.ws(payer), Meta.w(account)), createAccountData(rent, 170, TOKEN_2022));
        b.lamports(payer, -rent);
        b.logs.log("Initialize the associated token account");
        tokenCall(b, ix, List.of(Meta.w(account)), new byte[] {22}, "Instruction: InitializeImmutableOwner", 412);
        tokenCall(b, ix, List.of(Meta.w(account), Meta.r(mint)), new byte[] {18}, "Instruction: InitializeAccount3", 1_538);
    }

    private static byte[] transferData(long lamports) {
        return new BorshWriter(12).u32(2).u64(lamports).toArray();
    }

    private static byte[] createAccountData(long lamports, long space, Pubkey owner) {
        return new BorshWriter(52).u32(0).u64(lamports).u64(space).pubkey(owner).toArray();
    }

    private Pubkey volumeAccumulator(Pubkey user) {
        return volumeAccumulators.computeIfAbsent(user, u -> ProgramAddress.find(PUMP, "user_volume_accumulator", u));
    }
}
