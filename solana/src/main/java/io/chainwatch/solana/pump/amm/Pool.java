package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.Int128;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * PumpSwap's {@code Pool}: a PumpSwap pool.
 *
 * <p>Grew from 211 bytes (to {@code lp_supply}) to the IDL's 270; fields that do not fit whole read
 * as defaults, trailing padding is ignored. {@code lp_supply} is unsigned u64 in a long.
 *
 * <p>Account discriminator {@code f19a6d0411b16dbc}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (9 to 16), and {@link #fields()} shows only those.
 */
public record Pool(
        int poolBump,
        int index,
        PublicKey creator,
        PublicKey baseMint,
        PublicKey quoteMint,
        PublicKey lpMint,
        PublicKey poolBaseTokenAccount,
        PublicKey poolQuoteTokenAccount,
        long lpSupply,
        PublicKey coinCreator,
        boolean isMayhemMode,
        boolean isCashbackCoin,
        Int128 virtualQuoteReserves,
        long creatorFeeBps,
        boolean canEditCreatorFee,
        boolean isHolderReward,
        int fieldsPresent) implements PumpAmmAccount {
    public static final long DISCRIMINATOR = 0xbc6db111046d9af1L;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("pool_bump", "index", "creator", "base_mint", "quote_mint", "lp_mint", "pool_base_token_account",
            "pool_quote_token_account", "lp_supply", "coin_creator", "is_mayhem_mode", "is_cashback_coin",
            "virtual_quote_reserves", "creator_fee_bps", "can_edit_creator_fee", "is_holder_reward");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 9;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static Pool read(BorshReader r) {
        int poolBump = r.u8();
        int index = r.u16();
        PublicKey creator = r.pubkey();
        PublicKey baseMint = r.pubkey();
        PublicKey quoteMint = r.pubkey();
        PublicKey lpMint = r.pubkey();
        PublicKey poolBaseTokenAccount = r.pubkey();
        PublicKey poolQuoteTokenAccount = r.pubkey();
        long lpSupply = r.u64();
        r.tolerateEnd();
        PublicKey coinCreator = r.pubkey();
        boolean isMayhemMode = r.bool();
        boolean isCashbackCoin = r.bool();
        Int128 virtualQuoteReserves = r.i128();
        long creatorFeeBps = r.u64();
        boolean canEditCreatorFee = r.bool();
        boolean isHolderReward = r.bool();
        return new Pool(poolBump, index, creator, baseMint, quoteMint, lpMint, poolBaseTokenAccount, poolQuoteTokenAccount, lpSupply,
                coinCreator, isMayhemMode, isCashbackCoin, virtualQuoteReserves, creatorFeeBps, canEditCreatorFee,
                isHolderReward, r.fieldsRead());
    }

    /** True when the bytes held IDL field {@code idlName}. */
    public boolean has(String idlName) {
        int i = IDL_FIELDS.indexOf(idlName);
        return i >= 0 && i < fieldsPresent;
    }

    @Override
    public String programName() {
        return PumpAmmProgram.NAME;
    }

    @Override
    public String typeName() {
        return "Pool";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.u8("pool_bump", poolBump)
                .u16("index", index)
                .pubkey("creator", creator)
                .pubkey("base_mint", baseMint)
                .pubkey("quote_mint", quoteMint)
                .pubkey("lp_mint", lpMint)
                .pubkey("pool_base_token_account", poolBaseTokenAccount)
                .pubkey("pool_quote_token_account", poolQuoteTokenAccount)
                .u64("lp_supply", lpSupply)
                .pubkey("coin_creator", coinCreator)
                .bool("is_mayhem_mode", isMayhemMode)
                .bool("is_cashback_coin", isCashbackCoin)
                .i128("virtual_quote_reserves", virtualQuoteReserves)
                .u64("creator_fee_bps", creatorFeeBps)
                .bool("can_edit_creator_fee", canEditCreatorFee)
                .bool("is_holder_reward", isHolderReward);
    }
}
