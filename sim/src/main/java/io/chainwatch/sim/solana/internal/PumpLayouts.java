package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Borsh encodings of pump's and PumpSwap's events, accounts and instruction data, written from the
 * IDLs' layouts (fields in IDL order, little-endian). Mainnet shows each event in several lengths,
 * every one a prefix of the IDL's layout: an encoder writes the whole layout and keeps the first
 * {@link PumpEvent#layoutBytes()} bytes, which the caller puts on a field boundary. Stateless.
 */
public final class PumpLayouts {
    /**
     * Anchor's tag before an event carried as a self-CPI instruction, {@code e445a52e51cb9a1d}: Anchor
     * defines it as the u64 0x1d9acb512ea545e4 (sha256("anchor:event")[..8] read big-endian) and
     * writes it little-endian, so the bytes are the hash prefix reversed.
     */
    public static final byte[] EVENT_IX_TAG = reversed(ProgramAddress.discriminator("anchor:event"));
    public static final byte[] CREATE_EVENT = ProgramAddress.discriminator("event:CreateEvent");
    public static final byte[] TRADE_EVENT = ProgramAddress.discriminator("event:TradeEvent");
    public static final byte[] COMPLETE_EVENT = ProgramAddress.discriminator("event:CompleteEvent");
    public static final byte[] MIGRATION_EVENT = ProgramAddress.discriminator("event:CompletePumpAmmMigrationEvent");
    public static final byte[] CREATE_POOL_EVENT = ProgramAddress.discriminator("event:CreatePoolEvent");
    public static final byte[] BONDING_CURVE_ACCOUNT = ProgramAddress.discriminator("account:BondingCurve");
    public static final byte[] GLOBAL_ACCOUNT = ProgramAddress.discriminator("account:Global");
    public static final byte[] POOL_ACCOUNT = ProgramAddress.discriminator("account:Pool");
    public static final byte[] BUY_IX = ProgramAddress.discriminator("global:buy");
    public static final byte[] SELL_IX = ProgramAddress.discriminator("global:sell");
    public static final byte[] CREATE_V2_IX = ProgramAddress.discriminator("global:create_v2");
    public static final byte[] MIGRATE_IX = ProgramAddress.discriminator("global:migrate");
    public static final byte[] CREATE_POOL_IX = ProgramAddress.discriminator("global:create_pool");
    public static final byte[] GET_FEES_IX = ProgramAddress.discriminator("global:get_fees");

    /** Bytes of a BondingCurve account as mainnet allocates it today (the layout is zero padded). */
    public static final int BONDING_CURVE_SPACE = 150;

    // Lengths (discriminator included) where a layout version of mainnet ends.
    public static final int TRADE_V1 = 129;        // through real_token_reserves
    public static final int TRADE_V2 = 258;        // through last_update_timestamp
    public static final int COMPLETE_V1 = 112;     // through timestamp
    public static final int COMPLETE_FULL = 144;   // with quote_mint
    public static final int MIGRATION_V1 = 168;    // through pool
    public static final int MIGRATION_FULL = 200;  // with quote_mint

    private PumpLayouts() {
    }

    /** TradeEvent through ix_name and mayhem_mode: 266 bytes for "buy", 267 for "sell", as mainnet logs them now. */
    public static int tradeMainnet(String ixName) {
        return TRADE_V2 + 4 + utf8(ixName) + 1;
    }

    /** TradeEvent with every field of the IDL (no shareholders). */
    public static int tradeFull(String ixName) {
        return tradeMainnet(ixName) + 4 * 8 + 4 + 32 + 5 * 8;
    }

    /** CreateEvent through user, the oldest layout. */
    public static int createV1(String name, String symbol, String uri) {
        return 8 + 12 + utf8(name) + utf8(symbol) + utf8(uri) + 3 * 32;
    }

    /** CreateEvent through is_mayhem_mode. */
    public static int createMainnet(String name, String symbol, String uri) {
        return createV1(name, symbol, uri) + 32 + 8 + 4 * 8 + 32 + 1;
    }

    public static int createFull(String name, String symbol, String uri) {
        return createMainnet(name, symbol, uri) + 1 + 32 + 8 + 8 + 1;
    }

    public static byte[] trade(PumpEvent.Trade e) {
        BorshWriter w = new BorshWriter(400).raw(TRADE_EVENT)
                .pubkey(e.mint()).u64(e.solAmount()).u64(e.tokenAmount()).bool(e.isBuy()).pubkey(e.user())
                .i64(e.timestamp()).u64(e.virtualSolReserves()).u64(e.virtualTokenReserves()).u64(e.realSolReserves())
                .u64(e.realTokenReserves()).pubkey(e.feeRecipient()).u64(e.feeBasisPoints()).u64(e.fee()).pubkey(e.creator())
                .u64(e.creatorFeeBasisPoints()).u64(e.creatorFee()).bool(e.trackVolume()).u64(e.totalUnclaimedTokens())
                .u64(e.totalClaimedTokens()).u64(e.currentSolVolume()).i64(e.lastUpdateTimestamp()).string(e.ixName())
                .bool(e.mayhemMode()).u64(e.cashbackFeeBasisPoints()).u64(e.cashback()).u64(e.buybackFeeBasisPoints())
                .u64(e.buybackFee())
                .u32(0) // shareholders: an empty vector
                .pubkey(e.quoteMint()).u64(e.quoteAmount()).u64(e.virtualQuoteReserves()).u64(e.realQuoteReserves())
                .u64(e.holderRewardsBps()).u64(e.holderRewards());
        return prefix(w, e.layoutBytes(), "TradeEvent");
    }

    public static byte[] create(PumpEvent.Create e) {
        BorshWriter w = new BorshWriter(400).raw(CREATE_EVENT)
                .string(e.name()).string(e.symbol()).string(e.uri()).pubkey(e.mint()).pubkey(e.bondingCurve()).pubkey(e.user())
                .pubkey(e.creator()).i64(e.timestamp()).u64(e.virtualTokenReserves()).u64(e.virtualSolReserves())
                .u64(e.realTokenReserves()).u64(e.tokenTotalSupply()).pubkey(e.tokenProgram()).bool(e.isMayhemMode())
                .bool(e.isCashbackEnabled()).pubkey(e.quoteMint()).u64(e.virtualQuoteReserves()).u64(e.creatorFeeBps())
                .bool(e.isHolderReward());
        return prefix(w, e.layoutBytes(), "CreateEvent");
    }

    public static byte[] complete(PumpEvent.Complete e) {
        BorshWriter w = new BorshWriter(COMPLETE_FULL).raw(COMPLETE_EVENT)
                .pubkey(e.user()).pubkey(e.mint()).pubkey(e.bondingCurve()).i64(e.timestamp()).pubkey(e.quoteMint());
        return prefix(w, e.layoutBytes(), "CompleteEvent");
    }

    public static byte[] migration(PumpEvent.Migration e) {
        BorshWriter w = new BorshWriter(MIGRATION_FULL).raw(MIGRATION_EVENT)
                .pubkey(e.user()).pubkey(e.mint()).u64(e.mintAmount()).u64(e.solAmount()).u64(e.poolMigrationFee())
                .pubkey(e.bondingCurve()).i64(e.timestamp()).pubkey(e.pool()).pubkey(e.quoteMint());
        return prefix(w, e.layoutBytes(), "CompletePumpAmmMigrationEvent");
    }

    public static byte[] poolCreated(PumpEvent.PoolCreated e) {
        BorshWriter w = new BorshWriter(344).raw(CREATE_POOL_EVENT)
                .i64(e.timestamp()).u16(e.index()).pubkey(e.creator()).pubkey(e.baseMint()).pubkey(e.quoteMint())
                .u8(e.baseMintDecimals()).u8(e.quoteMintDecimals()).u64(e.baseAmountIn()).u64(e.quoteAmountIn())
                .u64(e.poolBaseAmount()).u64(e.poolQuoteAmount()).u64(e.minimumLiquidity()).u64(e.initialLiquidity())
                .u64(e.lpTokenAmountOut()).u8(e.poolBump()).pubkey(e.pool()).pubkey(e.lpMint()).pubkey(e.userBaseTokenAccount())
                .pubkey(e.userQuoteTokenAccount()).pubkey(e.coinCreator()).bool(e.isMayhemMode()).u64(e.creatorFeeBps())
                .bool(e.canEditCreatorFee());
        return prefix(w, e.layoutBytes(), "CreatePoolEvent");
    }

    /** Full length of PumpSwap's CreatePoolEvent. */
    public static final int CREATE_POOL_FULL = 343;

    /** The data of a self-CPI event instruction: the Anchor event tag, then the event's bytes. */
    public static byte[] eventInstruction(byte[] event) {
        byte[] data = Arrays.copyOf(EVENT_IX_TAG, 8 + event.length);
        System.arraycopy(event, 0, data, 8, event.length);
        return data;
    }

    /** A BondingCurve account: the layout through is_holder_reward, zero padded to 150 bytes. */
    public static byte[] bondingCurve(long virtualTokenReserves, long virtualSolReserves, long realTokenReserves,
            long realSolReserves, long tokenTotalSupply, boolean complete, Pubkey creator) {
        return new BorshWriter(BONDING_CURVE_SPACE).raw(BONDING_CURVE_ACCOUNT)
                .u64(virtualTokenReserves).u64(virtualSolReserves).u64(realTokenReserves).u64(realSolReserves)
                .u64(tokenTotalSupply).bool(complete).pubkey(creator)
                .bool(false)            // is_mayhem_mode
                .bool(false)            // is_cashback_coin
                .pubkey(Pubkey.ZERO)    // quote_mint: the default, SOL
                .u64(0)                 // creator_fee_bps
                .bool(false)            // can_edit_creator_fee
                .bool(false)            // is_holder_reward
                .padTo(BONDING_CURVE_SPACE).toArray();
    }

    /** pump's Global account, every field of the IDL's layout. */
    public static byte[] global(Pubkey authority, Pubkey feeRecipient, Pubkey[] feeRecipients, Pubkey withdrawAuthority,
            long initialVirtualTokenReserves, long initialVirtualSolReserves, long initialRealTokenReserves, long tokenTotalSupply,
            long feeBasisPoints, long poolMigrationFee, long creatorFeeBasisPoints) {
        BorshWriter w = new BorshWriter(1100).raw(GLOBAL_ACCOUNT)
                .bool(true).pubkey(authority).pubkey(feeRecipient).u64(initialVirtualTokenReserves).u64(initialVirtualSolReserves)
                .u64(initialRealTokenReserves).u64(tokenTotalSupply).u64(feeBasisPoints).pubkey(withdrawAuthority)
                .bool(true) // enable_migrate
                .u64(poolMigrationFee).u64(creatorFeeBasisPoints);
        for (int i = 0; i < 7; i++) {
            w.pubkey(feeRecipients[i]);
        }
        w.pubkey(authority)      // set_creator_authority
                .pubkey(authority)  // admin_set_creator_authority
                .bool(true)         // create_v2_enabled
                .pubkey(Pubkey.ZERO)  // whitelist_pda
                .pubkey(Pubkey.ZERO)  // reserved_fee_recipient
                .bool(false);         // mayhem_mode_enabled
        for (int i = 0; i < 7; i++) {
            w.pubkey(Pubkey.ZERO); // reserved_fee_recipients
        }
        w.bool(false); // is_cashback_enabled
        for (int i = 0; i < 8; i++) {
            w.pubkey(Pubkey.ZERO); // buyback_fee_recipients
        }
        return w.u64(0)           // buyback_basis_points
                .u64(initialVirtualSolReserves) // initial_virtual_quote_reserves
                .pubkey(Pubkey.ZERO)  // whitelisted_quote_mints[1]
                .bool(false)          // creator_fee_configurable
                .u64(0)               // max_configurable_creator_fee_bps
                .pubkey(Pubkey.ZERO)  // holder_reward_claim_authority
                .bool(false)          // is_holder_reward_enabled
                .toArray();
    }

    /** A PumpSwap Pool account, the IDL's layout. */
    public static byte[] pool(int poolBump, int index, Pubkey creator, Pubkey baseMint, Pubkey quoteMint, Pubkey lpMint,
            Pubkey poolBaseTokenAccount, Pubkey poolQuoteTokenAccount, long lpSupply, Pubkey coinCreator) {
        return new BorshWriter(272).raw(POOL_ACCOUNT)
                .u8(poolBump).u16(index).pubkey(creator).pubkey(baseMint).pubkey(quoteMint).pubkey(lpMint)
                .pubkey(poolBaseTokenAccount).pubkey(poolQuoteTokenAccount).u64(lpSupply).pubkey(coinCreator)
                .bool(false)  // is_mayhem_mode
                .bool(false)  // is_cashback_coin
                .i128(0)      // virtual_quote_reserves
                .u64(0)       // creator_fee_bps
                .bool(false)  // can_edit_creator_fee
                .toArray();
    }

    /** buy(amount, max_sol_cost, track_volume: OptionBool). */
    public static byte[] buyInstruction(long amount, long maxSolCost) {
        return new BorshWriter(25).raw(BUY_IX).u64(amount).u64(maxSolCost).bool(false).toArray();
    }

    /** sell(amount, min_sol_output). */
    public static byte[] sellInstruction(long amount, long minSolOutput) {
        return new BorshWriter(24).raw(SELL_IX).u64(amount).u64(minSolOutput).toArray();
    }

    /** create_v2(name, symbol, uri, creator, is_mayhem_mode, is_cashback_enabled, creator_fee_bps: OptionU64, is_holder_reward). */
    public static byte[] createV2Instruction(String name, String symbol, String uri, Pubkey creator) {
        return new BorshWriter(200).raw(CREATE_V2_IX).string(name).string(symbol).string(uri).pubkey(creator)
                .bool(false)  // is_mayhem_mode
                .bool(false)  // is_cashback_enabled: OptionBool
                .u64(0)       // creator_fee_bps: OptionU64, a struct of one u64
                .bool(false)  // is_holder_reward: OptionBool
                .toArray();
    }

    public static byte[] migrateInstruction() {
        return MIGRATE_IX.clone();
    }

    private static byte[] prefix(BorshWriter w, int layoutBytes, String what) {
        if (layoutBytes < 8 || layoutBytes > w.length()) {
            throw new IllegalArgumentException(what + " layoutBytes: need 8.." + w.length() + ", got " + layoutBytes);
        }
        byte[] all = w.toArray();
        return layoutBytes == all.length ? all : Arrays.copyOf(all, layoutBytes);
    }

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
