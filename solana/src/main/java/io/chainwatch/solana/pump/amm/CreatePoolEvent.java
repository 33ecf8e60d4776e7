package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * PumpSwap's {@code CreatePoolEvent}: a PumpSwap pool created (by a migration from pump, or by anyone).
 *
 * <p>The oldest layout ends after {@code user_quote_token_account} (301 bytes with the discriminator);
 * later ones append {@code coin_creator} and more, in IDL order. Amounts are unsigned u64 in a long.
 *
 * <p>Event discriminator {@code b1310cd2a076a774}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (19 to 24), and {@link #fields()} shows only those.
 */
public record CreatePoolEvent(
        long timestamp,
        int index,
        PublicKey creator,
        PublicKey baseMint,
        PublicKey quoteMint,
        int baseMintDecimals,
        int quoteMintDecimals,
        long baseAmountIn,
        long quoteAmountIn,
        long poolBaseAmount,
        long poolQuoteAmount,
        long minimumLiquidity,
        long initialLiquidity,
        long lpTokenAmountOut,
        int poolBump,
        PublicKey pool,
        PublicKey lpMint,
        PublicKey userBaseTokenAccount,
        PublicKey userQuoteTokenAccount,
        PublicKey coinCreator,
        boolean isMayhemMode,
        long creatorFeeBps,
        boolean canEditCreatorFee,
        boolean isHolderReward,
        int fieldsPresent) implements PumpAmmEvent {
    public static final long DISCRIMINATOR = 0x74a776a0d20c31b1L;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("timestamp", "index", "creator", "base_mint", "quote_mint", "base_mint_decimals",
            "quote_mint_decimals", "base_amount_in", "quote_amount_in", "pool_base_amount", "pool_quote_amount",
            "minimum_liquidity", "initial_liquidity", "lp_token_amount_out", "pool_bump", "pool", "lp_mint",
            "user_base_token_account", "user_quote_token_account", "coin_creator", "is_mayhem_mode",
            "creator_fee_bps", "can_edit_creator_fee", "is_holder_reward");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 19;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static CreatePoolEvent read(BorshReader r) {
        long timestamp = r.i64();
        int index = r.u16();
        PublicKey creator = r.pubkey();
        PublicKey baseMint = r.pubkey();
        PublicKey quoteMint = r.pubkey();
        int baseMintDecimals = r.u8();
        int quoteMintDecimals = r.u8();
        long baseAmountIn = r.u64();
        long quoteAmountIn = r.u64();
        long poolBaseAmount = r.u64();
        long poolQuoteAmount = r.u64();
        long minimumLiquidity = r.u64();
        long initialLiquidity = r.u64();
        long lpTokenAmountOut = r.u64();
        int poolBump = r.u8();
        PublicKey pool = r.pubkey();
        PublicKey lpMint = r.pubkey();
        PublicKey userBaseTokenAccount = r.pubkey();
        PublicKey userQuoteTokenAccount = r.pubkey();
        r.tolerateEnd();
        PublicKey coinCreator = r.pubkey();
        boolean isMayhemMode = r.bool();
        long creatorFeeBps = r.u64();
        boolean canEditCreatorFee = r.bool();
        boolean isHolderReward = r.bool();
        return new CreatePoolEvent(timestamp, index, creator, baseMint, quoteMint, baseMintDecimals, quoteMintDecimals, baseAmountIn,
                quoteAmountIn, poolBaseAmount, poolQuoteAmount, minimumLiquidity, initialLiquidity, lpTokenAmountOut,
                poolBump, pool, lpMint, userBaseTokenAccount, userQuoteTokenAccount, coinCreator, isMayhemMode, creatorFeeBps,
                canEditCreatorFee, isHolderReward, r.fieldsRead());
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
        return "CreatePoolEvent";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.i64("timestamp", timestamp)
                .u16("index", index)
                .pubkey("creator", creator)
                .pubkey("base_mint", baseMint)
                .pubkey("quote_mint", quoteMint)
                .u8("base_mint_decimals", baseMintDecimals)
                .u8("quote_mint_decimals", quoteMintDecimals)
                .u64("base_amount_in", baseAmountIn)
                .u64("quote_amount_in", quoteAmountIn)
                .u64("pool_base_amount", poolBaseAmount)
                .u64("pool_quote_amount", poolQuoteAmount)
                .u64("minimum_liquidity", minimumLiquidity)
                .u64("initial_liquidity", initialLiquidity)
                .u64("lp_token_amount_out", lpTokenAmountOut)
                .u8("pool_bump", poolBump)
                .pubkey("pool", pool)
                .pubkey("lp_mint", lpMint)
                .pubkey("user_base_token_account", userBaseTokenAccount)
                .pubkey("user_quote_token_account", userQuoteTokenAccount)
                .pubkey("coin_creator", coinCreator)
                .bool("is_mayhem_mode", isMayhemMode)
                .u64("creator_fee_bps", creatorFeeBps)
                .bool("can_edit_creator_fee", canEditCreatorFee)
                .bool("is_holder_reward", isHolderReward);
    }
}
